using System.Diagnostics;
using HdrHistogram;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>Percentiles of one latency distribution, in milliseconds (recorded at microsecond resolution).</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>One point of a percentile curve: the latency at or below which <see cref="Percentile"/>% of values fall.</summary>
public sealed record PercentilePoint(double Percentile, double ValueMs);

/// <summary>
/// A thread-safe HdrHistogram of microseconds (1 µs .. 1 h, 3 significant digits): lock-free recording on the hot path.
/// </summary>
public sealed class LatencyRecorder
{
    public const long HighestMicros = 3_600_000_000L;
    private readonly LongConcurrentHistogram histogram = new(1, HighestMicros, 3);

    public long Count => histogram.TotalCount;

    public static long TicksToMicros(long stopwatchTicks) => stopwatchTicks * 1_000_000L / Stopwatch.Frequency;

    public void RecordStopwatchTicks(long elapsedTicks) => RecordMicros(TicksToMicros(elapsedTicks));

    public void RecordMicros(long micros) => histogram.RecordValue(Math.Clamp(micros, 1, HighestMicros));

    public void Record(TimeSpan elapsed) => RecordMicros((long)(elapsed.Ticks / 10.0));

    /// <summary>Adds every value recorded by <paramref name="other"/>.</summary>
    public void Add(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        histogram.Add(other.histogram.Copy());
    }

    public LatencySummary Summarize()
    {
        if (histogram.TotalCount == 0)
        {
            return LatencySummary.Empty;
        }

        var snapshot = histogram.Copy();
        return new LatencySummary(
            snapshot.TotalCount,
            Ms(snapshot.GetMean()),
            Ms(snapshot.GetValueAtPercentile(50)),
            Ms(snapshot.GetValueAtPercentile(90)),
            Ms(snapshot.GetValueAtPercentile(99)),
            Ms(snapshot.GetValueAtPercentile(99.9)),
            Ms(snapshot.GetMaxValue()));
    }

    /// <summary>The percentile curve (HdrHistogram percentile iteration, 5 ticks per half distance), for plots and JSON.</summary>
    public IReadOnlyList<PercentilePoint> PercentileCurve()
    {
        var points = new List<PercentilePoint>();
        if (histogram.TotalCount == 0)
        {
            return points;
        }

        var snapshot = histogram.Copy();
        foreach (var value in snapshot.Percentiles(5))
        {
            if (value.Percentile >= 100.0)
            {
                break;
            }

            points.Add(new PercentilePoint(Math.Round(value.Percentile, 5), Ms(value.ValueIteratedTo)));
        }

        points.Add(new PercentilePoint(100.0, Ms(snapshot.GetMaxValue())));
        return points;
    }

    private static double Ms(double micros) => Math.Round(micros / 1000.0, 3);
}

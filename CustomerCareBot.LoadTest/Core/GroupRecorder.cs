using System.Collections.Concurrent;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>What one test (report), step (ramp) or phase recorded while sending.</summary>
public sealed class GroupRecorder(int index, string name, int concurrency, double? targetRate = null)
{
    private long sent;
    private long accepted;
    private long rejected;
    private long errorCount;
    private long firstSend = long.MaxValue;
    private long lastAnswer;

    public int Index { get; } = index;

    public string Name { get; } = name;

    public int Concurrency { get; } = concurrency;

    public double? TargetRate { get; } = targetRate;

    public LatencyRecorder AcceptLatency { get; } = new();

    /// <summary>Accept latency measured from the actual send, for comparison with the intended-time one (open loop only).</summary>
    public LatencyRecorder? ServiceLatency { get; set; }

    public ErrorLog Errors { get; } = new();

    /// <summary>CPU and memory of the stack while this group ran (set by the scenario when observed).</summary>
    public IReadOnlyList<ProcessUsage> Resources { get; set; } = [];

    public ConcurrentQueue<TrackedRun> Runs { get; } = new();

    public long Sent => Interlocked.Read(ref sent);

    public long Accepted => Interlocked.Read(ref accepted);

    public long Rejected => Interlocked.Read(ref rejected);

    public long ErrorCount => Interlocked.Read(ref errorCount);

    /// <summary>Stopwatch ticks of the first intended send and of the last answer: the sending window.</summary>
    public (long Start, long End) Window => (Interlocked.Read(ref firstSend), Interlocked.Read(ref lastAnswer));

    public void OnSent(long intendedTimestamp)
    {
        Interlocked.Increment(ref sent);
        var current = Interlocked.Read(ref firstSend);
        while (intendedTimestamp < current)
        {
            var seen = Interlocked.CompareExchange(ref firstSend, intendedTimestamp, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }

    public void OnAccepted(TrackedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Interlocked.Increment(ref accepted);
        Runs.Enqueue(run);
        Answered(run.AcceptedTimestamp);
    }

    public void OnRejected(long now)
    {
        Interlocked.Increment(ref rejected);
        Answered(now);
    }

    public void OnError(string message, long now)
    {
        Interlocked.Increment(ref errorCount);
        Errors.Add(message);
        Answered(now);
    }

    private void Answered(long now)
    {
        var current = Interlocked.Read(ref lastAnswer);
        while (now > current)
        {
            var seen = Interlocked.CompareExchange(ref lastAnswer, now, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }
}

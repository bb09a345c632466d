using CustomerCareBot.LoadTest.Core;
using ScottPlot;

namespace CustomerCareBot.LoadTest.Output;

/// <summary>ScottPlot PNGs: the accept-latency percentile curve of each test, and (when there is one) the per-second timeline.</summary>
public static class PlotWriter
{
    private static readonly double[] NinesTicks = [0, 1, 2, 3, 4, 5];
    private static readonly string[] NinesLabels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"];

    /// <summary>x = -log10(1 - p): each step right is one more nine.</summary>
    public static double Nines(double percentile) => -Math.Log10(Math.Max(1e-5, 1 - (percentile / 100.0)));

    public static void WritePercentiles(ScenarioResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new Plot();
        var maxX = 1.0;
        foreach (var test in result.Tests.Where(t => t.AcceptPercentiles.Count > 0))
        {
            // The max is the (1 - 1/n) percentile: there is no information beyond it, so it is drawn there, not at 100%.
            var xs = test.AcceptPercentiles.Select(p => Nines(p.Percentile)).ToArray();
            var lastBefore = xs.Length > 1 ? xs[^2] : 0;
            xs[^1] = Math.Max(lastBefore, Math.Log10(Math.Max(1, test.AcceptLatency.Count)));
            maxX = Math.Max(maxX, xs[^1]);
            var ys = test.AcceptPercentiles.Select(p => p.ValueMs).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = $"{test.Name} (n={test.AcceptLatency.Count})";
            scatter.MarkerSize = 3;
            scatter.LineWidth = 2;
        }

        plot.Axes.Bottom.SetTicks(NinesTicks, NinesLabels);
        plot.Title($"Accept latency by percentile: {result.Scenario}");
        plot.XLabel("percentile");
        plot.YLabel("POST /webhooks accept latency (ms)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimitsX(0, Math.Min(5, maxX) + 0.2);
        plot.SavePng(path, 1100, 650);
    }

    public static bool WriteTimeline(ScenarioResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var timeline = result.Overall?.Timeline;
        if (timeline is null || timeline.Count < 2)
        {
            return false;
        }

        var plot = new Plot();
        var xs = timeline.Select(p => (double)p.Second).ToArray();
        var accepted = plot.Add.Scatter(xs, timeline.Select(p => (double)p.Accepted).ToArray());
        accepted.LegendText = "accepted / s";
        accepted.MarkerSize = 0;
        accepted.LineWidth = 2;
        var completed = plot.Add.Scatter(xs, timeline.Select(p => (double)p.Completed).ToArray());
        completed.LegendText = "completed / s (server completedAt)";
        completed.MarkerSize = 0;
        completed.LineWidth = 2;
        var p99 = plot.Add.Scatter(xs, timeline.Select(p => p.AcceptP99Ms).ToArray());
        p99.LegendText = "accept p99 (ms, right axis)";
        p99.MarkerSize = 0;
        p99.LineWidth = 1.5f;
        p99.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accept latency p99 (ms)";
        plot.Title($"Throughput and accept p99 per second: {result.Scenario}");
        plot.XLabel("seconds since scenario start");
        plot.YLabel("runs per second");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1100, 650);
        return true;
    }
}

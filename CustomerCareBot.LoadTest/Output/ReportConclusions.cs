using System.Globalization;
using CustomerCareBot.LoadTest.Core;
using static CustomerCareBot.LoadTest.Output.MarkdownReport;

namespace CustomerCareBot.LoadTest.Output;

/// <summary>The conclusions of a scenario, computed from its numbers (shared by the Markdown report and the console).</summary>
public static class ReportConclusions
{
    /// <summary>Statements that each carry the number they rest on.</summary>
    public static List<string> Conclusions(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>();
        var tests = result.Tests;
        if (tests.Count == 0)
        {
            lines.Add("No test ran to the end, so there is nothing to conclude.");
            return lines;
        }

        var all = result.Overall ?? Sum(tests);
        lines.Add($"Success: {all.Accepted} of {all.Sent} webhooks were accepted ({Pct(all.AcceptSuccessRate)}), " +
                  $"{all.Completed} of {all.Accepted} accepted runs completed ({Pct(all.CompletionRate)}), and " +
                  $"{all.FinalStatusMatches} of {all.FinalStatusMatches + all.FinalStatusMismatches} terminal runs ended in the final status their message calls for.");
        if (all.Rejected > 0)
        {
            lines.Add($"Backpressure: {all.Rejected} webhooks ({Pct((double)all.Rejected / Math.Max(1, all.Sent))} of sent) were answered 503.");
        }

        if (all.NotTerminal > 0)
        {
            lines.Add($"Backlog: {all.NotTerminal} accepted runs were still not terminal when the tool stopped waiting ({string.Join(", ", all.BacklogStatuses.Select(kv => $"{kv.Key} {kv.Value}"))}).");
        }
        else
        {
            lines.Add("Backlog: 0 runs left non-terminal at the end.");
        }

        if (tests.Count > 1)
        {
            var first = tests[0];
            var worst = tests.MaxBy(t => t.AcceptLatency.P99Ms)!;
            var last = tests[^1];
            lines.Add(worst == first
                ? $"Accept p99 was highest in the first test ({first.Name}: {first.AcceptLatency.P99Ms:0.##} ms); the last test ({last.Name}) had {last.AcceptLatency.P99Ms:0.##} ms."
                : $"Accept p99 went from {first.AcceptLatency.P99Ms:0.##} ms ({first.Name}) to {worst.AcceptLatency.P99Ms:0.##} ms at its highest ({worst.Name}), " +
                  $"{Ratio(worst.AcceptLatency.P99Ms, first.AcceptLatency.P99Ms)} the first test's.");
            var firstE2e = first.EndToEndServer;
            var lastE2e = last.EndToEndServer;
            if (firstE2e.Count > 0 && lastE2e.Count > 0)
            {
                lines.Add($"End-to-end p50 (completedAt - createdAt) was {firstE2e.P50Ms:0.#} ms for {first.Name} and {lastE2e.P50Ms:0.#} ms for {last.Name} " +
                          $"({Ratio(lastE2e.P50Ms, firstE2e.P50Ms)}); of that, queue wait p50 was {first.QueueWait.P50Ms:0.#} ms and {last.QueueWait.P50Ms:0.#} ms " +
                          $"(difference of the p50s, roughly the step execution: {Math.Max(0, firstE2e.P50Ms - first.QueueWait.P50Ms):0.#} ms and {Math.Max(0, lastE2e.P50Ms - last.QueueWait.P50Ms):0.#} ms).");
            }

            var bestAccept = tests.MaxBy(t => t.AcceptedPerSecond)!;
            lines.Add($"Highest accept throughput: {bestAccept.AcceptedPerSecond:0.#} accepted/s at {bestAccept.Name} " +
                      $"(p99 accept {bestAccept.AcceptLatency.P99Ms:0.##} ms there).");
            var plateau = tests.Where(t => t.AcceptedPerSecond >= 0.9 * bestAccept.AcceptedPerSecond).MinBy(t => t.Concurrency);
            if (plateau is not null && plateau != bestAccept && result.Scenario == "ramp")
            {
                lines.Add($"Accept throughput reached 90% of that maximum already at {plateau.Name} ({plateau.AcceptedPerSecond:0.#}/s); " +
                          $"more concurrency beyond it raised p99 accept latency from {plateau.AcceptLatency.P99Ms:0.##} ms to {bestAccept.AcceptLatency.P99Ms:0.##} ms.");
            }
        }
        else
        {
            var t = tests[0];
            lines.Add($"Accept latency: p50 {t.AcceptLatency.P50Ms:0.##} ms, p99 {t.AcceptLatency.P99Ms:0.##} ms, p99.9 {t.AcceptLatency.P999Ms:0.##} ms, max {t.AcceptLatency.MaxMs:0.##} ms over {t.AcceptLatency.Count} requests.");
            if (t.ServiceLatency is { Count: > 0 } service)
            {
                lines.Add($"From the actual send the p99 was {service.P99Ms:0.##} ms versus {t.AcceptLatency.P99Ms:0.##} ms from the intended time: " +
                          $"{Math.Max(0, t.AcceptLatency.P99Ms - service.P99Ms):0.##} ms of p99 is waiting that a closed-loop tool would not have counted.");
            }

            if (t.TargetRatePerSecond is { } rate)
            {
                lines.Add($"Offered {rate:0.#}/s; accepted {t.AcceptedPerSecond:0.#}/s ({Pct(t.AcceptedPerSecond / rate)} of the offered rate) and completed {t.CompletedPerSecond:0.#}/s " +
                          $"({Pct(t.CompletedPerSecond / rate)}).");
            }

            if (t.EndToEndServer.Count > 0)
            {
                lines.Add($"End-to-end (completedAt - createdAt): p50 {t.EndToEndServer.P50Ms:0.#} ms, p99 {t.EndToEndServer.P99Ms:0.#} ms; queue wait p50 {t.QueueWait.P50Ms:0.#} ms, p99 {t.QueueWait.P99Ms:0.#} ms.");
            }
        }

        if (all.CompletedPerSecond > 0)
        {
            lines.Add($"Completion throughput over the whole scenario: {all.CompletedPerSecond:0.#} runs/s ({all.Completed} runs from the first createdAt to the last completedAt, {all.CompletionSpanSeconds:0.##} s of server time)" +
                      (all.CompletedPerSecondSteady > 0 ? $"; {all.CompletedPerSecondSteady:0.#} runs/s between the first and the last completion." : "."));
        }

        foreach (var (k, v) in result.Figures)
        {
            if (k == "completedPerSecondAfterEnqueue" && v > 0)
            {
                lines.Add($"After enqueueing ended the workers drained {v:0.#} runs/s for {result.Figures.GetValueOrDefault("drainSecondsAfterEnqueue"):0.##} s.");
            }
        }

        var workers = result.Resources.Where(r => r.Name.StartsWith("Worker", StringComparison.Ordinal) && !r.Name.Contains("dotnet run", StringComparison.Ordinal)).ToList();
        var api = result.Resources.FirstOrDefault(r => r.Name == "Api");
        if (workers.Count > 0)
        {
            var cpu = workers.Sum(w => w.CpuPercentOfOneCore);
            lines.Add($"Worker CPU: {cpu:0.#}% of one core in total over the scenario ({workers.Count} process(es), peak RSS {workers.Max(w => w.PeakRssMb):0.#} MB).");
        }

        if (api is not null)
        {
            lines.Add($"Api CPU: {api.CpuPercentOfOneCore:0.#}% of one core over the scenario, peak RSS {api.PeakRssMb:0.#} MB.");
        }

        var self = result.Resources.FirstOrDefault(r => r.Name.StartsWith("LoadTest", StringComparison.Ordinal));
        if (self is not null)
        {
            var busy = result.Resources.Sum(r => r.CpuPercentOfOneCore);
            lines.Add($"The tool itself used {self.CpuPercentOfOneCore:0.#}% of one core of the {busy:0.#}% measured in total on this {Environment.ProcessorCount}-core machine, " +
                      "so its numbers share the CPU with the stack.");
        }

        return lines;
    }

    private static TestResult Sum(IReadOnlyList<TestResult> tests)
    {
        var sent = tests.Sum(t => t.Sent);
        var accepted = tests.Sum(t => t.Accepted);
        var completed = tests.Sum(t => t.Completed);
        var backlog = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in tests.SelectMany(t => t.BacklogStatuses))
        {
            backlog[k] = backlog.GetValueOrDefault(k) + v;
        }

        return new TestResult
        {
            Name = "all tests",
            Sent = sent,
            Accepted = accepted,
            Rejected = tests.Sum(t => t.Rejected),
            Errors = tests.Sum(t => t.Errors),
            Completed = completed,
            NotTerminal = tests.Sum(t => t.NotTerminal),
            AcceptSuccessRate = sent == 0 ? 0 : (double)accepted / sent,
            CompletionRate = accepted == 0 ? 0 : (double)completed / accepted,
            FinalStatusMatches = tests.Sum(t => t.FinalStatusMatches),
            FinalStatusMismatches = tests.Sum(t => t.FinalStatusMismatches),
            BacklogStatuses = backlog,
            AcceptLatency = LatencySummary.Empty,
            EndToEndServer = LatencySummary.Empty,
            QueueWait = LatencySummary.Empty,
            EndToEndObserved = LatencySummary.Empty,
        };
    }

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.##", CultureInfo.InvariantCulture) + "x" : "n/a";
}

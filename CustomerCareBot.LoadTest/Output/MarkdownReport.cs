using System.Globalization;
using System.Text;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Output;

/// <summary>The Markdown report: scenario, metrics, resources, architecture, and conclusions computed from the numbers.</summary>
public static class MarkdownReport
{
    public const string DefaultArchitecture =
        "- **Api** (`POST /webhooks/{workflowId}`): checks the body against the workflow input, stores the run and appends it to a " +
        "Redis stream in one round trip, answers 202 with the run id (503 + Retry-After when the backlog is at its limit).\n" +
        "- **Redis**: run records (hashes) and the run stream (consumer group): the queue between Api and Worker.\n" +
        "- **Worker** (N replicas x P parallel runs): reads the stream, executes the `customer-care` workflow steps " +
        "(registration GET, orders POST, agent classification, routing) and records status, final status and step trace.\n" +
        "- **MockApis**: registration, orders and chat-completions stand-ins with injectable latency/failures (`/control/faults`).\n" +
        "- **This tool** posts webhooks over one pooled HttpClient and follows runs with `POST /runs/lookup` (250 runs per request) in light rounds; end-to-end time " +
        "is `completedAt - createdAt` from the run document, so polling delay does not enter it.";

    public static string Render(ScenarioResult result, string? architecture, string? latencyPng, string? timelinePng)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# CustomerCareBot load test: {result.Scenario}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run {result.StartedAt:yyyy-MM-dd HH:mm:ss} UTC to {result.EndedAt:HH:mm:ss} UTC against `{result.ApiUrl}`.");
        sb.AppendLine();
        sb.AppendLine("## Scenario");
        sb.AppendLine();
        sb.AppendLine(Describe(result.Scenario));
        sb.AppendLine();
        sb.AppendLine("| setting | value |");
        sb.AppendLine("| --- | --- |");
        foreach (var (k, v) in result.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {v} |");
        }

        foreach (var (k, v) in result.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {v} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Results");
        sb.AppendLine();
        var rows = result.Tests.ToList();
        if (result.Overall is { } overall && !rows.Contains(overall))
        {
            rows.Add(overall);
        }

        sb.AppendLine("| test | sent | accepted (202) | 503 | errors | accept success | completed | failed | not terminal | completion | final status matches | accepted/s | completed/s |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Name} | {t.Sent} | {t.Accepted} | {t.Rejected} | {t.Errors} | {Pct(t.AcceptSuccessRate)} | {t.Completed} | {t.Failed + t.Cancelled} | {t.NotTerminal} | {Pct(t.CompletionRate)} | {t.FinalStatusMatches}/{t.FinalStatusMatches + t.FinalStatusMismatches} | {t.AcceptedPerSecond:0.#} | {t.CompletedPerSecond:0.#} |");
        }

        sb.AppendLine();
        sb.AppendLine("Latency in ms (HdrHistogram, µs resolution). Accept = POST answered, measured from the intended send time. " +
                      "End-to-end = `completedAt - createdAt` (server clock); queue wait = `startedAt - createdAt`; observed = intended send to the poll that saw the run terminal.");
        sb.AppendLine();
        sb.AppendLine("| test | measure | n | p50 | p90 | p99 | p99.9 | max | mean |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in rows)
        {
            Latency(sb, t.Name, "accept", t.AcceptLatency);
            if (t.ServiceLatency is { } service)
            {
                Latency(sb, t.Name, "accept from actual send", service);
            }

            Latency(sb, t.Name, "end-to-end (server)", t.EndToEndServer);
            Latency(sb, t.Name, "queue wait", t.QueueWait);
            Latency(sb, t.Name, "end-to-end (observed)", t.EndToEndObserved);
        }

        if (result.StatusPollLatency is { } poll)
        {
            Latency(sb, "(all)", $"POST /runs/lookup ({result.StatusPolls} requests)", poll);
        }

        sb.AppendLine();
        if (result.Figures.Count > 0)
        {
            sb.AppendLine("| figure | value |");
            sb.AppendLine("| --- | ---: |");
            foreach (var (k, v) in result.Figures)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {v:0.###} |");
            }

            sb.AppendLine();
        }

        sb.AppendLine("### Final statuses");
        sb.AppendLine();
        foreach (var t in rows)
        {
            var statuses = string.Join(", ", t.FinalStatuses.OrderByDescending(kv => kv.Value).Select(kv => $"`{kv.Key}` {kv.Value}"));
            var backlogText = t.BacklogStatuses.Count > 0
                ? "; backlog left: " + string.Join(", ", t.BacklogStatuses.Select(kv => $"{kv.Key} {kv.Value}"))
                : string.Empty;
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {t.Name}: {(statuses.Length == 0 ? "none terminal" : statuses)}{backlogText}");
            foreach (var m in t.MismatchSamples.Take(3))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  - mismatch: {m}");
            }

            foreach (var (msg, n) in t.ErrorMessages.OrderByDescending(kv => kv.Value).Take(5))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  - error x{n}: {msg}");
            }
        }

        sb.AppendLine();
        sb.AppendLine("## Resources of the stack");
        sb.AppendLine();
        sb.AppendLine("CPU in % of one core (utime+stime delta from /proc over the phase; 200% = both cores of this machine), peak RSS sampled every 500 ms.");
        sb.AppendLine();
        ResourceTable(sb, "whole scenario", result.Resources);
        foreach (var t in result.Tests.Where(t => t.Resources.Count > 0))
        {
            ResourceTable(sb, t.Name, t.Resources);
        }

        if (latencyPng is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"![accept latency percentiles]({latencyPng})");
            sb.AppendLine();
        }

        if (timelinePng is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"![throughput timeline]({timelinePng})");
            sb.AppendLine();
        }

        sb.AppendLine("## Architecture under test");
        sb.AppendLine();
        sb.AppendLine(architecture ?? DefaultArchitecture);
        sb.AppendLine();
        sb.AppendLine("## Conclusions");
        sb.AppendLine();
        foreach (var line in ReportConclusions.Conclusions(result))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        if (result.Notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Notes");
            sb.AppendLine();
            foreach (var n in result.Notes)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {n}");
            }
        }

        return sb.ToString();
    }

    private static string Describe(string scenario) => scenario switch
    {
        "report" => "The original report's four tests: a single run, then 10, 25 and 50 webhooks sent at once; each test waits until every accepted run is terminal.",
        "ramp" => "Closed-loop concurrency steps: each step keeps N senders busy for the step duration (send, wait for the answer, send again); completion of all runs is polled throughout and after the last step.",
        "sustained" => "Open loop at a constant arrival rate: sends are scheduled by time, not by completion, and accept latency is measured from the intended send time (free of coordinated omission).",
        "drain" => "Enqueue N runs as fast as bounded concurrency allows, then measure the completion rate until all runs are terminal.",
        _ => scenario,
    };

    private static void Latency(StringBuilder sb, string test, string measure, LatencySummary s) =>
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| {test} | {measure} | {s.Count} | {s.P50Ms:0.###} | {s.P90Ms:0.###} | {s.P99Ms:0.###} | {s.P999Ms:0.###} | {s.MaxMs:0.###} | {s.MeanMs:0.###} |");

    private static void ResourceTable(StringBuilder sb, string title, List<ProcessUsage> usage)
    {
        if (usage.Count == 0)
        {
            return;
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"**{title}**");
        sb.AppendLine();
        sb.AppendLine("| process | pid | CPU % of one core | CPU s | peak RSS MB |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var u in usage)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {u.Name} | {u.Pid} | {u.CpuPercentOfOneCore:0.#} | {u.CpuSeconds:0.##} | {u.PeakRssMb:0.#} |");
        }

        sb.AppendLine();
    }

    public static string Pct(double ratio) => double.IsFinite(ratio) ? (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "n/a";
}

using CustomerCareBot.LoadTest.Core;
using CustomerCareBot.LoadTest.Output;
using Spectre.Console;

namespace CustomerCareBot.LoadTest.Cli;

internal static class ConsoleTables
{
    public static void Print(ScenarioResult result)
    {
        var rows = result.Tests.ToList();
        if (result.Overall is { } o && !rows.Contains(o))
        {
            rows.Add(o);
        }

        var table = new Table().Title($"{result.Scenario}: counts").Border(TableBorder.Rounded);
        table.AddColumns("test", "sent", "202", "503", "err", "done", "left", "status ok", "acc/s", "done/s");
        var latency = new Table().Title($"{result.Scenario}: latency (ms)").Border(TableBorder.Rounded);
        latency.AddColumns("test", "acc p50", "acc p90", "acc p99", "acc p99.9", "acc max", "e2e p50", "e2e p99", "queue p99");
        foreach (var t in rows)
        {
            table.AddRow(
                Markup.Escape(t.Name), t.Sent.ToString(), t.Accepted.ToString(), t.Rejected.ToString(), t.Errors.ToString(),
                t.Completed.ToString(), t.NotTerminal.ToString(),
                $"{t.FinalStatusMatches}/{t.FinalStatusMatches + t.FinalStatusMismatches}",
                t.AcceptedPerSecond.ToString("0.#"), t.CompletedPerSecond.ToString("0.#"));
            latency.AddRow(
                Markup.Escape(t.Name), Ms(t.AcceptLatency.P50Ms), Ms(t.AcceptLatency.P90Ms), Ms(t.AcceptLatency.P99Ms), Ms(t.AcceptLatency.P999Ms),
                Ms(t.AcceptLatency.MaxMs), Ms(t.EndToEndServer.P50Ms), Ms(t.EndToEndServer.P99Ms), Ms(t.QueueWait.P99Ms));
        }

        AnsiConsole.Write(latency);
        AnsiConsole.Write(table);
        if (result.Resources.Count > 0)
        {
            var res = new Table().Title("processes (whole scenario)").Border(TableBorder.Rounded);
            res.AddColumns("process", "pid", "CPU % of one core", "CPU s", "peak RSS MB");
            foreach (var r in result.Resources)
            {
                res.AddRow(Markup.Escape(r.Name), r.Pid.ToString(), r.CpuPercentOfOneCore.ToString("0.#"), r.CpuSeconds.ToString("0.##"), r.PeakRssMb.ToString("0.#"));
            }

            AnsiConsole.Write(res);
        }

        foreach (var line in ReportConclusions.Conclusions(result))
        {
            AnsiConsole.MarkupLine($"[grey]-[/] {Markup.Escape(line)}");
        }
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.###" : "0.#");
}

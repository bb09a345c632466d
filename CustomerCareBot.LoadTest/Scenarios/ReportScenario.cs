using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Scenarios;

/// <summary>The original report's tests: a single run, then 10, 25 and 50 sent at once, each waited on to the end.</summary>
public sealed record ReportOptions : ScenarioOptions
{
    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 10, 25, 50];

    /// <summary>Runs each concurrent sender sends one after the other (1 = a burst of exactly N runs).</summary>
    public int RunsPerSender { get; init; } = 1;
}

/// <summary>
/// For each concurrency N: N senders post at once, then every accepted run is polled until terminal; one
/// <see cref="TestResult"/> per N with accept latency, end-to-end times, success rate and final status matches.
/// </summary>
public static class ReportScenario
{
    public static async Task<ScenarioResult> RunAsync(HttpClient api, ReportOptions options, CancellationToken ct)
    {
        ScenarioCommon.Validate(api);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Concurrencies.Count == 0 || options.Concurrencies.Any(c => c is < 1 or > 10_000))
        {
            throw new LoadTestException("Report concurrencies must be between 1 and 10,000.");
        }

        var runsPerSender = Math.Clamp(options.RunsPerSender, 1, 1000);
        var stats = options.Stats ?? new LiveStats();
        var payloads = options.Payloads ?? new PayloadSet();
        var sender = new WebhookSender(api, options.WorkflowId);
        var result = ScenarioCommon.NewResult("report", api, options, new Dictionary<string, string>
        {
            ["concurrencies"] = string.Join(",", options.Concurrencies),
            ["runsPerSender"] = runsPerSender.ToString(),
        });
        stats.Target = options.Concurrencies.Sum() * (long)runsPerSender;
        var scenarioStart = Stopwatch.GetTimestamp();
        var pollLatency = new LatencyRecorder();
        long polls = 0;
        long sequence = 0;
        for (var t = 0; t < options.Concurrencies.Count; t++)
        {
            ct.ThrowIfCancellationRequested();
            var n = options.Concurrencies[t];
            var name = n == 1 && runsPerSender == 1 ? "single run" : $"{n} concurrent";
            stats.Phase = name;
            options.Observer?.PhaseStarted(name);
            var group = new GroupRecorder(t, name, n);
            var poller = new RunPoller(api, options.Poll, stats, group.Errors);
            var pollTask = poller.RunAsync(ScenarioCommon.Deadline(options.CompletionTimeout), ct);
            var first = sequence;
            sequence += n * (long)runsPerSender;
            var start = Stopwatch.GetTimestamp();
            var senders = Enumerable.Range(0, n).Select(async s =>
            {
                for (var k = 0; k < runsPerSender; k++)
                {
                    var intended = k == 0 ? start : Stopwatch.GetTimestamp();
                    await sender.SendAndRecordAsync(payloads[first + (s * runsPerSender) + k], group, intended, stats, poller.Add, ct)
                        .ConfigureAwait(false);
                }
            }).ToArray();
            await Task.WhenAll(senders).ConfigureAwait(false);
            poller.CompleteAdding();
            await pollTask.ConfigureAwait(false);
            var test = ResultBuilder.Build(group, ScenarioCommon.RunsOf(group), scenarioStart, withTimeline: false);
            if (options.Observer is { } observer)
            {
                test.Resources = [.. observer.PhaseEnded(name)];
            }

            result.Tests.Add(test);
            pollLatency.Add(poller.PollLatency);
            polls += poller.PollLatency.Count;
        }

        result.StatusPollLatency = pollLatency.Summarize();
        result.StatusPolls = polls;
        result.EndedAt = DateTimeOffset.UtcNow;
        return result;
    }
}

using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Scenarios;

public sealed record DrainOptions : ScenarioOptions
{
    public long Runs { get; init; } = 10_000;

    /// <summary>Webhook posts in flight while enqueueing.</summary>
    public int Concurrency { get; init; } = 128;

    /// <summary>Upper bound of the enqueue phase.</summary>
    public TimeSpan MaxEnqueueTime { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Enqueues N runs as fast as bounded concurrency allows, then measures how fast the workers drain them until all
/// are terminal (or the timeout): enqueue rate, completion rate overall and after enqueueing ended.
/// </summary>
public static class DrainScenario
{
    public static async Task<ScenarioResult> RunAsync(HttpClient api, DrainOptions options, CancellationToken ct)
    {
        ScenarioCommon.Validate(api);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Runs is < 1 or > 2_000_000 || options.Concurrency is < 1 or > 20_000)
        {
            throw new LoadTestException("Drain needs 1 <= --runs <= 2,000,000 and 1 <= --concurrency <= 20,000.");
        }

        var stats = options.Stats ?? new LiveStats();
        var payloads = options.Payloads ?? new PayloadSet();
        var sender = new WebhookSender(api, options.WorkflowId);
        var result = ScenarioCommon.NewResult("drain", api, options, new Dictionary<string, string>
        {
            ["runs"] = options.Runs.ToString(),
            ["concurrency"] = options.Concurrency.ToString(),
        });
        stats.Target = options.Runs;
        var name = $"{options.Runs} runs, {options.Concurrency} in flight";
        var group = new GroupRecorder(0, name, options.Concurrency);
        var poller = new RunPoller(api, options.Poll, stats, group.Errors);
        options.Observer?.PhaseStarted(name);
        var scenarioStart = Stopwatch.GetTimestamp();
        var pollTask = poller.RunAsync(ScenarioCommon.Deadline(options.MaxEnqueueTime + options.CompletionTimeout), ct);

        stats.Phase = "enqueueing";
        var enqueueEndDeadline = ScenarioCommon.Deadline(options.MaxEnqueueTime);
        await ScenarioCommon.ClosedLoopAsync(sender, payloads, group, options.Concurrency, enqueueEndDeadline, options.Runs, stats, poller.Add, ct)
            .ConfigureAwait(false);
        var enqueueEnd = Stopwatch.GetTimestamp();
        var enqueueEndWall = DateTimeOffset.UtcNow;
        var completedAtEnqueueEnd = stats.Completed + stats.Failed;

        stats.Phase = "draining";
        poller.CompleteAdding();
        await pollTask.ConfigureAwait(false);

        var runs = ScenarioCommon.RunsOf(group);
        var test = ResultBuilder.Build(group, runs, scenarioStart, withTimeline: true);
        if (options.Observer is { } observer)
        {
            test.Resources = [.. observer.PhaseEnded(name)];
        }

        result.Tests.Add(test);
        result.Overall = test;

        var enqueueSeconds = Stopwatch.GetElapsedTime(scenarioStart, enqueueEnd).TotalSeconds;
        var lastCompleted = runs.Where(r => r.IsTerminal && r.State.CompletedAt is not null).Select(r => r.State.CompletedAt!.Value)
            .DefaultIfEmpty(enqueueEndWall).Max();
        var terminalAfterEnqueue = runs.Count(r => r.IsTerminal && r.State.CompletedAt > enqueueEndWall);
        var drainSeconds = Math.Max(0, (lastCompleted - enqueueEndWall).TotalSeconds);
        result.Figures["enqueueSeconds"] = Math.Round(enqueueSeconds, 3);
        result.Figures["enqueuedPerSecond"] = enqueueSeconds > 0 ? Math.Round(group.Accepted / enqueueSeconds, 1) : 0;
        result.Figures["terminalWhenEnqueueEnded"] = completedAtEnqueueEnd;
        result.Figures["drainSecondsAfterEnqueue"] = Math.Round(drainSeconds, 3);
        result.Figures["completedPerSecondAfterEnqueue"] = drainSeconds > 0 ? Math.Round(terminalAfterEnqueue / drainSeconds, 1) : 0;
        result.StatusPollLatency = poller.PollLatency.Summarize();
        result.StatusPolls = poller.PollLatency.Count;
        result.EndedAt = DateTimeOffset.UtcNow;
        return result;
    }
}

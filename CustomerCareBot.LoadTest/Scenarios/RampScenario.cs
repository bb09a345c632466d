using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Scenarios;

public sealed record RampOptions : ScenarioOptions
{
    public int Start { get; init; } = 10;

    public int Max { get; init; } = 2000;

    /// <summary>Each step multiplies the concurrency by this.</summary>
    public double Factor { get; init; } = 2;

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of runs sent over the whole ramp.</summary>
    public long MaxRuns { get; init; } = 500_000;

    public static IReadOnlyList<int> Steps(int start, int max, double factor)
    {
        var steps = new List<int>();
        var c = (double)Math.Max(1, start);
        while (c < max && steps.Count < 64)
        {
            steps.Add((int)Math.Round(c));
            c = Math.Max(c * factor, c + 1);
        }

        steps.Add(max);
        return steps.Distinct().ToList();
    }
}

/// <summary>
/// Closed-loop concurrency steps (start, start*factor, ... max): each step keeps N senders busy for the step
/// duration; accept latency and throughput per step, completion of all runs polled throughout and after.
/// </summary>
public static class RampScenario
{
    public static async Task<ScenarioResult> RunAsync(HttpClient api, RampOptions options, CancellationToken ct)
    {
        ScenarioCommon.Validate(api);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Start < 1 || options.Max < options.Start || options.Max > 20_000 || options.Factor <= 1)
        {
            throw new LoadTestException("Ramp needs 1 <= --start <= --max <= 20,000 and --factor > 1.");
        }

        if (options.StepDuration <= TimeSpan.Zero || options.StepDuration > TimeSpan.FromMinutes(10))
        {
            throw new LoadTestException("--step-duration must be between 1 s and 10 min.");
        }

        var steps = RampOptions.Steps(options.Start, options.Max, options.Factor);
        var stats = options.Stats ?? new LiveStats();
        var payloads = options.Payloads ?? new PayloadSet();
        var sender = new WebhookSender(api, options.WorkflowId);
        var result = ScenarioCommon.NewResult("ramp", api, options, new Dictionary<string, string>
        {
            ["steps"] = string.Join(",", steps),
            ["stepDuration"] = options.StepDuration.ToString(),
            ["maxRuns"] = options.MaxRuns.ToString(),
        });
        var errors = new ErrorLog();
        var poller = new RunPoller(api, options.Poll, stats, errors);
        var scenarioStart = Stopwatch.GetTimestamp();
        var sendBudget = options.StepDuration * steps.Count;
        var pollTask = poller.RunAsync(ScenarioCommon.Deadline(sendBudget + options.CompletionTimeout), ct);
        var groups = new List<GroupRecorder>();
        long sentSoFar = 0;
        for (var s = 0; s < steps.Count && sentSoFar < options.MaxRuns; s++)
        {
            ct.ThrowIfCancellationRequested();
            var n = steps[s];
            var name = $"{n} concurrent";
            stats.Phase = $"step {s + 1}/{steps.Count}: {name}";
            options.Observer?.PhaseStarted(name);
            var group = new GroupRecorder(s, name, n);
            groups.Add(group);
            var end = Stopwatch.GetTimestamp() + (long)(options.StepDuration.TotalSeconds * Stopwatch.Frequency);
            await ScenarioCommon.ClosedLoopAsync(sender, payloads, group, n, end, options.MaxRuns - sentSoFar, stats, poller.Add, ct)
                .ConfigureAwait(false);
            sentSoFar += group.Sent;
            if (options.Observer is { } observer)
            {
                group.Resources = observer.PhaseEnded(name);
            }
        }

        stats.Phase = "completing";
        poller.CompleteAdding();
        await pollTask.ConfigureAwait(false);
        var allRuns = new List<TrackedRun>();
        foreach (var group in groups)
        {
            var runs = ScenarioCommon.RunsOf(group);
            allRuns.AddRange(runs);
            var test = ResultBuilder.Build(group, runs, scenarioStart, withTimeline: false);
            test.Resources = [.. group.Resources];
            result.Tests.Add(test);
        }

        result.Overall = ResultBuilder.Combine("whole ramp", groups, allRuns, scenarioStart);
        result.StatusPollLatency = poller.PollLatency.Summarize();
        result.StatusPolls = poller.PollLatency.Count;
        result.PollErrors = errors.Snapshot();
        result.EndedAt = DateTimeOffset.UtcNow;
        return result;
    }
}

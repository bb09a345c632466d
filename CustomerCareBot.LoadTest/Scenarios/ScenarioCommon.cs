using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Scenarios;

/// <summary>Told when a test / step starts and ends, e.g. to measure CPU and memory of the stack per phase.</summary>
public interface IPhaseObserver
{
    void PhaseStarted(string name);

    IReadOnlyList<ProcessUsage> PhaseEnded(string name);
}

/// <summary>What every scenario shares.</summary>
public abstract record ScenarioOptions
{
    public string WorkflowId { get; init; } = "customer-care";

    /// <summary>How long to wait, after sending, for runs to become terminal (the rest is reported as backlog).</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public PollOptions Poll { get; init; } = new();

    /// <summary>Counters for a progress display; a private instance is used when null.</summary>
    public LiveStats? Stats { get; init; }

    public IPhaseObserver? Observer { get; init; }

    public PayloadSet? Payloads { get; init; }
}

internal static class ScenarioCommon
{
    public static ScenarioResult NewResult(string scenario, HttpClient api, ScenarioOptions options, Dictionary<string, string> settings)
    {
        settings["workflowId"] = options.WorkflowId;
        settings["completionTimeout"] = options.CompletionTimeout.ToString();
        settings["pollConcurrency"] = options.Poll.Concurrency.ToString();
        settings["pollPauseMs"] = options.Poll.Pause.TotalMilliseconds.ToString();
        return new ScenarioResult
        {
            Scenario = scenario,
            ApiUrl = api.BaseAddress!.ToString(),
            StartedAt = DateTimeOffset.UtcNow,
            Settings = settings,
        };
    }

    public static void Validate(HttpClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        LoadHttp.Resolve(api, "health");
    }

    public static long Deadline(TimeSpan fromNow) =>
        Stopwatch.GetTimestamp() + (long)(Math.Min(fromNow.TotalSeconds, 86_400) * Stopwatch.Frequency);

    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> senders, each sending its next webhook when the previous one answered,
    /// until <paramref name="endTimestamp"/> or until <paramref name="maxRuns"/> were sent in total.
    /// </summary>
    public static async Task ClosedLoopAsync(
        WebhookSender sender, PayloadSet payloads, GroupRecorder group, int concurrency, long endTimestamp, long maxRuns,
        LiveStats stats, Action<TrackedRun> track, CancellationToken ct)
    {
        long sequence = -1;
        var workers = new Task[Math.Max(1, concurrency)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < endTimestamp)
                {
                    var i = Interlocked.Increment(ref sequence);
                    if (i >= maxRuns)
                    {
                        return;
                    }

                    await sender.SendAndRecordAsync(payloads[i], group, Stopwatch.GetTimestamp(), stats, track, ct).ConfigureAwait(false);
                }
            }, ct);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    public static List<TrackedRun> RunsOf(GroupRecorder group) => [.. group.Runs];
}

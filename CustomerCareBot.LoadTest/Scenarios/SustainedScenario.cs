using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Scenarios;

public sealed record SustainedOptions : ScenarioOptions
{
    /// <summary>Arrivals per second (open loop).</summary>
    public double Rate { get; init; } = 1000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight at most; past it sends wait (still measured from their intended time).</summary>
    public int MaxInFlight { get; init; } = 20_000;
}

/// <summary>
/// Open loop at a constant arrival rate: request i is due at start + i / rate whatever the earlier ones are doing,
/// and its latency counts from that intended time, so a slow server cannot hide latency by slowing the tool down
/// (no coordinated omission). Accepted runs are polled while sending goes on, then until terminal or the timeout.
/// </summary>
public static class SustainedScenario
{
    public static async Task<ScenarioResult> RunAsync(HttpClient api, SustainedOptions options, CancellationToken ct)
    {
        ScenarioCommon.Validate(api);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rate is <= 0 or > 100_000)
        {
            throw new LoadTestException("--rate must be between 1 and 100,000 per second.");
        }

        if (options.Duration <= TimeSpan.Zero || options.Duration > TimeSpan.FromHours(1))
        {
            throw new LoadTestException("--duration must be between 1 s and 1 h.");
        }

        var stats = options.Stats ?? new LiveStats();
        var payloads = options.Payloads ?? new PayloadSet();
        var sender = new WebhookSender(api, options.WorkflowId);
        var total = (long)Math.Round(options.Rate * options.Duration.TotalSeconds);
        var result = ScenarioCommon.NewResult("sustained", api, options, new Dictionary<string, string>
        {
            ["rate"] = options.Rate.ToString(),
            ["duration"] = options.Duration.ToString(),
            ["plannedRuns"] = total.ToString(),
            ["maxInFlight"] = options.MaxInFlight.ToString(),
        });
        stats.Target = total;
        var name = $"{options.Rate:0.#}/s for {options.Duration.TotalSeconds:0.#} s";
        var group = new GroupRecorder(0, name, options.MaxInFlight, options.Rate) { ServiceLatency = new LatencyRecorder() };
        var poller = new RunPoller(api, options.Poll, stats, group.Errors);
        stats.Phase = "sending";
        options.Observer?.PhaseStarted(name);
        var scenarioStart = Stopwatch.GetTimestamp();
        var pollTask = poller.RunAsync(ScenarioCommon.Deadline(options.Duration + options.CompletionTimeout), ct);

        var ticksPerRequest = Stopwatch.Frequency / options.Rate;
        var hardStop = scenarioStart + (long)((options.Duration.TotalSeconds + 10) * Stopwatch.Frequency);
        var maxInFlight = Math.Max(1, options.MaxInFlight);
        long pending = 1;
        long inFlight = 0;
        long lateStarts = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task FireAsync(long i, long intended)
        {
            try
            {
                await sender.SendAndRecordAsync(payloads[i], group, intended, stats, poller.Add, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
                if (Interlocked.Decrement(ref pending) == 0)
                {
                    allDone.TrySetResult();
                }
            }
        }

        long next = 0;
        while (next < total && !ct.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now > hardStop)
            {
                break;
            }

            var due = Math.Min(total, (long)((now - scenarioStart) / ticksPerRequest) + 1);
            while (next < due && Interlocked.Read(ref inFlight) < maxInFlight)
            {
                var intended = scenarioStart + (long)(next * ticksPerRequest);
                if (now - intended > Stopwatch.Frequency / 100)
                {
                    lateStarts++;
                }

                Interlocked.Increment(ref pending);
                Interlocked.Increment(ref inFlight);
                _ = FireAsync(next, intended);
                next++;
            }

            if (next >= total)
            {
                break;
            }

            var nextDue = scenarioStart + (long)(next * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), nextDue);
            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }

        if (Interlocked.Decrement(ref pending) == 0)
        {
            allDone.TrySetResult();
        }

        stats.Phase = "answers";
        try
        {
            await allDone.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            result.Notes.Add($"{Interlocked.Read(ref inFlight)} webhook posts had no answer 60 s after the last send; they are left out.");
        }
        stats.Phase = "completing";
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
        result.StatusPollLatency = poller.PollLatency.Summarize();
        result.StatusPolls = poller.PollLatency.Count;
        result.Settings["notSent"] = (total - next).ToString();
        result.Settings["sendsStartedOver10msLate"] = lateStarts.ToString();
        if (next < total)
        {
            result.Notes.Add($"{total - next} of {total} planned sends were not started (cancelled or past the hard stop at duration + 10 s).");
        }

        result.EndedAt = DateTimeOffset.UtcNow;
        return result;
    }
}

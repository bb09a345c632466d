using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>How lightly <see cref="RunPoller"/> reads run status.</summary>
public sealed record PollOptions
{
    /// <summary>POST /runs/lookup requests in flight at once.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Runs per lookup request (the Api takes at most 1,000).</summary>
    public int BatchSize { get; init; } = 250;

    /// <summary>Pause between polling rounds.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>At most this many runs looked up per round (oldest first).</summary>
    public int MaxPerRound { get; init; } = 20_000;

    /// <summary>
    /// A round stops early once this many runs in a row (oldest first) were still queued: the stream is FIFO, so newer
    /// ones are queued too and need no look yet.
    /// </summary>
    public int QueuedStreakToStop { get; init; } = 64;
}

/// <summary>
/// Follows accepted runs until they are terminal by looking them up in rounds with <c>POST /runs/lookup</c> (a batch of
/// run ids per request): outstanding runs oldest first, a few requests in flight, a pause between rounds. Runs can be
/// added while it polls.
/// </summary>
public sealed class RunPoller
{
    private readonly HttpClient client;
    private readonly PollOptions options;
    private readonly LiveStats stats;
    private readonly ErrorLog errors;
    private readonly ConcurrentQueue<TrackedRun> incoming = new();
    private readonly List<TrackedRun> outstanding = [];
    private readonly ConcurrentQueue<TrackedRun> finished = new();
    private readonly LatencyRecorder pollLatency = new();
    private readonly Uri lookupUri;
    private volatile bool addingCompleted;
    private long pollErrors;

    public RunPoller(HttpClient client, PollOptions options, LiveStats stats, ErrorLog errors)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.stats = stats ?? throw new ArgumentNullException(nameof(stats));
        this.errors = errors ?? throw new ArgumentNullException(nameof(errors));
        lookupUri = LoadHttp.Resolve(client, "runs/lookup");
    }

    /// <summary>Latency of each lookup request.</summary>
    public LatencyRecorder PollLatency => pollLatency;

    public long PollErrors => Interlocked.Read(ref pollErrors);

    /// <summary>Runs still not terminal after <see cref="RunAsync"/> returned (the backlog left).</summary>
    public IReadOnlyList<TrackedRun> Outstanding => [.. outstanding, .. incoming];

    public IReadOnlyCollection<TrackedRun> Finished => finished;

    public void Add(TrackedRun run) => incoming.Enqueue(run);

    public void CompleteAdding() => addingCompleted = true;

    /// <summary>Polls until adding is complete and every run is terminal, or until <paramref name="deadline"/> (Stopwatch ticks).</summary>
    public async Task RunAsync(long deadline, CancellationToken ct)
    {
        var batchSize = Math.Clamp(options.BatchSize, 1, 1000);
        var wave = batchSize * Math.Max(1, options.Concurrency);
        while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            while (incoming.TryDequeue(out var run))
            {
                outstanding.Add(run);
            }

            if (outstanding.Count == 0)
            {
                if (addingCompleted && incoming.IsEmpty)
                {
                    return;
                }

                await Task.Delay(options.Pause, ct).ConfigureAwait(false);
                continue;
            }

            var polled = 0;
            var queuedStreak = 0;
            var sawTerminal = false;
            for (var offset = 0; offset < outstanding.Count && polled < options.MaxPerRound; offset += wave)
            {
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    break;
                }

                var slice = outstanding.GetRange(offset, Math.Min(wave, outstanding.Count - offset));
                await Task.WhenAll(slice.Chunk(batchSize).Select(batch => LookUpAsync(batch, ct))).ConfigureAwait(false);
                polled += slice.Count;
                foreach (var run in slice)
                {
                    if (run.State.Status is RunStatus.Queued or null)
                    {
                        queuedStreak++;
                    }
                    else
                    {
                        queuedStreak = 0;
                        sawTerminal |= run.IsTerminal;
                    }
                }

                if (queuedStreak >= options.QueuedStreakToStop)
                {
                    break;
                }
            }

            outstanding.RemoveAll(r => r.IsTerminal);
            if (outstanding.Count == 0 && addingCompleted && incoming.IsEmpty)
            {
                return;
            }

            // Nothing finished this round: wait a little longer before the next.
            var pause = sawTerminal ? options.Pause : options.Pause * 2;
            await Task.Delay(pause, ct).ConfigureAwait(false);
        }
    }

    private async Task LookUpAsync(TrackedRun[] batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(RunJson.WriteLookup(batch.Select(r => r.RunId)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(lookupUri, content, ct).ConfigureAwait(false);
            stats.OnPoll();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref pollErrors);
                errors.Add($"POST /runs/lookup: HTTP {(int)response.StatusCode}");
                return;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            pollLatency.RecordStopwatchTicks(now - started);
            var states = RunJson.ReadLookup(bytes);
            foreach (var run in batch)
            {
                if (!states.TryGetValue(run.RunId, out var state))
                {
                    Interlocked.Increment(ref pollErrors);
                    errors.Add("POST /runs/lookup: an accepted run is unknown to the Api");
                    continue;
                }

                run.State = state;
                if (state.IsTerminal)
                {
                    run.ObservedTimestamp = now;
                    finished.Enqueue(run);
                    if (state.Status == RunStatus.Completed)
                    {
                        stats.OnCompleted();
                    }
                    else
                    {
                        stats.OnFailed();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Increment(ref pollErrors);
            errors.Add($"POST /runs/lookup: {ex.GetType().Name}: {WebhookSender.Truncate(ex.Message, 200)}");
        }
    }
}

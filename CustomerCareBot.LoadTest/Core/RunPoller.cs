using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>How lightly <see cref="RunPoller"/> reads run status.</summary>
public sealed record PollOptions
{
    /// <summary>GET /runs/{id} in flight at once.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Pause between polling rounds.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>At most this many polls per round (oldest runs first).</summary>
    public int MaxPerRound { get; init; } = 20_000;

    /// <summary>
    /// A round stops early once this many runs in a row (oldest first) were still queued: the stream is FIFO, so newer
    /// ones are queued too and need no poll yet.
    /// </summary>
    public int QueuedStreakToStop { get; init; } = 64;
}

/// <summary>
/// Follows accepted runs until they are terminal by polling <c>GET /runs/{id}</c> in rounds: outstanding runs oldest
/// first, bounded concurrency, a pause between rounds. Runs can be added while it polls.
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
    private readonly Uri runsBase;
    private volatile bool addingCompleted;
    private long pollErrors;

    public RunPoller(HttpClient client, PollOptions options, LiveStats stats, ErrorLog errors)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.stats = stats ?? throw new ArgumentNullException(nameof(stats));
        this.errors = errors ?? throw new ArgumentNullException(nameof(errors));
        runsBase = LoadHttp.Resolve(client, "runs/");
    }

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
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = ct };
        var chunkSize = Math.Clamp(options.QueuedStreakToStop, 16, Math.Max(16, options.Concurrency * 2));
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
            for (var offset = 0; offset < outstanding.Count && polled < options.MaxPerRound; offset += chunkSize)
            {
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    break;
                }

                var count = Math.Min(chunkSize, outstanding.Count - offset);
                var slice = new ArraySegment<TrackedRun>([.. outstanding.GetRange(offset, count)]);
                await Parallel.ForEachAsync(slice, parallel, PollOneAsync).ConfigureAwait(false);
                polled += count;
                foreach (var run in slice)
                {
                    if (run.State.Status == RunStatus.Queued)
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

            // Nothing finished this round: wait a little longer before the next (at most 4 pauses).
            var pause = sawTerminal ? options.Pause : options.Pause * 2;
            await Task.Delay(pause, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask PollOneAsync(TrackedRun run, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(new Uri(runsBase, Uri.EscapeDataString(run.RunId)), ct).ConfigureAwait(false);
            stats.OnPoll();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref pollErrors);
                errors.Add($"GET /runs/{{id}}: HTTP {(int)response.StatusCode}");
                return;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            pollLatency.RecordStopwatchTicks(now - started);
            var state = RunJson.ReadRun(bytes);
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
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Increment(ref pollErrors);
            errors.Add($"GET /runs/{{id}}: {ex.GetType().Name}: {WebhookSender.Truncate(ex.Message, 200)}");
        }
    }
}

using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerCareBot.Runs;

/// <summary>A run to queue; <see cref="TriggerJson"/> is the UTF-8 payload as received.</summary>
public sealed record NewRun(string RunId, string WorkflowId, ReadOnlyMemory<byte> TriggerJson, string? TraceParent, string? IdempotencyKey);

public enum EnqueueOutcome
{
    Queued,
    Duplicate,
    Backpressure,
}

public readonly record struct EnqueueResult(EnqueueOutcome Outcome, string RunId, long Backlog = 0);

public enum ChangeOutcome
{
    Done,
    Pending,
    NotFound,
    Conflict,
}

public readonly record struct ChangeResult(ChangeOutcome Outcome, string? Status = null);

/// <summary>
/// The Api's side of the queue: each call is one atomic script, so a stream entry never exists
/// without its run record, and a refused run leaves nothing behind.
/// </summary>
public sealed class RunQueue(IConnectionMultiplexer redis, IOptions<RunsOptions> options, TimeProvider clock)
{
    private static readonly RedisValue One = "1";
    private static readonly RedisValue Zero = "0";
    private static readonly RedisValue WakeChannel = RedisKeys.WakeUp.ToString();
    private static readonly RedisKey Idle = RunScripts.IdleKey;

    public async Task<EnqueueResult> EnqueueAsync(NewRun run)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var runKey = RedisKeys.Run(run.RunId);
        var hasKey = !string.IsNullOrEmpty(run.IdempotencyKey);
        RedisKey[] keys =
        [
            runKey, RedisKeys.Stream, Idle, RedisKeys.Recent,
            hasKey ? RedisKeys.Idempotency(run.WorkflowId, run.IdempotencyKey!) : runKey,
        ];
        RedisValue[] args =
        [
            run.RunId, run.WorkflowId, now.ToString("O"), run.TriggerJson, run.TraceParent ?? string.Empty,
            (long)settings.Retention.TotalSeconds, (long)settings.IdempotencyWindow.TotalSeconds, settings.MaxBacklog,
            now.ToUnixTimeMilliseconds(), settings.RecentRunsKept, hasKey ? One : Zero, WakeChannel,
        ];

        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RunScripts.Enqueue, keys, args))!;
        var kind = (string)reply[0]!;
        return kind switch
        {
            "queued" => new EnqueueResult(EnqueueOutcome.Queued, run.RunId),
            "duplicate" => new EnqueueResult(EnqueueOutcome.Duplicate, (string)reply[1]!),
            _ => new EnqueueResult(EnqueueOutcome.Backpressure, run.RunId, (long)reply[1]),
        };
    }

    /// <summary>A queued run never starts; a running one is asked to stop between steps.</summary>
    public async Task<ChangeResult> CancelAsync(string runId)
    {
        var reply = (string?)await redis.GetDatabase().ScriptEvaluateAsync(
            RunScripts.Cancel, [RedisKeys.Run(runId)], [clock.GetUtcNow().ToString("O")]);
        return reply switch
        {
            "missing" => new ChangeResult(ChangeOutcome.NotFound),
            "cancelled" => new ChangeResult(ChangeOutcome.Done, RunStatuses.Cancelled),
            "cancelling" => new ChangeResult(ChangeOutcome.Pending, RunStatuses.Running),
            _ => new ChangeResult(ChangeOutcome.Conflict, reply),
        };
    }

    /// <summary>Queues a failed or dead-lettered run again; it resumes from its last checkpoint.</summary>
    public async Task<ChangeResult> RetryAsync(string runId)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            RunScripts.Retry,
            [RedisKeys.Run(runId), RedisKeys.Stream, Idle],
            [runId, clock.GetUtcNow().ToUnixTimeMilliseconds(), WakeChannel]))!;
        return (string)reply[0]! switch
        {
            "missing" => new ChangeResult(ChangeOutcome.NotFound),
            "queued" => new ChangeResult(ChangeOutcome.Done, RunStatuses.Queued),
            _ => new ChangeResult(ChangeOutcome.Conflict, (string?)reply[1]),
        };
    }

    /// <summary>Entries waiting or in flight: what backpressure and the load tool look at.</summary>
    public Task<long> BacklogAsync() => redis.GetDatabase().StreamLengthAsync(RedisKeys.Stream);
}

using StackExchange.Redis;

namespace CustomerCareBot.Runs;

public enum StartOutcome
{
    /// <summary>Run it (resuming from <see cref="RunStart.CheckpointJson"/> when present).</summary>
    Run,

    /// <summary>Already ended (cancelled while queued, or finished by another delivery): just acknowledge.</summary>
    AlreadyEnded,

    /// <summary>The record expired or was flushed: nothing can run.</summary>
    Missing,

    /// <summary>Delivered more often than allowed: dead-letter it.</summary>
    Exhausted,
}

public sealed record RunStart(StartOutcome Outcome, string? TriggerJson, string? CheckpointJson, bool CancelRequested, int Attempt);

/// <summary>The result of one run, as the Worker writes it.</summary>
public sealed record RunResult(
    string Status,
    string? FinalStatus,
    string? Reason,
    string? Error,
    string StepsJson,
    string GlobalsJson,
    string? OutputJson,
    string? CheckpointJson);

/// <summary>
/// The Worker's writes to a run record: start, checkpoint after each step, and the result with the
/// stream acknowledgement in the same atomic script.
/// </summary>
public sealed class RunRecorder(IConnectionMultiplexer redis, TimeProvider clock)
{
    public async Task<RunStart> StartAsync(string runId, int maxDeliveries, string consumer)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            RunScripts.Start, [RedisKeys.Run(runId)], [clock.GetUtcNow().ToString("O"), maxDeliveries, consumer]))!;
        return (string)reply[0]! switch
        {
            "run" => new RunStart(StartOutcome.Run, (string?)reply[2], NullIfEmpty((string?)reply[3]),
                !string.IsNullOrEmpty((string?)reply[4]), (int)reply[5]),
            "terminal" => new RunStart(StartOutcome.AlreadyEnded, null, null, false, 0),
            "exhausted" => new RunStart(StartOutcome.Exhausted, null, null, false, (int)reply[1]),
            _ => new RunStart(StartOutcome.Missing, null, null, false, 0),
        };
    }

    /// <summary>Saves the checkpoint; returns true when someone asked the run to stop.</summary>
    public async Task<bool> CheckpointAsync(string runId, ReadOnlyMemory<byte> checkpointJson, string consumer, string? entryId)
    {
        var reply = await redis.GetDatabase().ScriptEvaluateAsync(RunScripts.Checkpoint,
            [RedisKeys.Run(runId), RedisKeys.Stream],
            [checkpointJson, RedisKeys.ConsumerGroup, consumer, entryId ?? string.Empty]);
        return (int)reply == 1;
    }

    /// <summary>
    /// Stores a checkpoint without waiting for Redis: commands on the connection stay in order, so the next awaited
    /// write (a checkpoint before a call out, or the result) is stored after it, and a lost one is rewritten by it.
    /// </summary>
    public void StoreCheckpointInBackground(string runId, ReadOnlyMemory<byte> checkpointJson) =>
        redis.GetDatabase().HashSet(RedisKeys.Run(runId), RedisKeys.Fields.Checkpoint, checkpointJson, flags: CommandFlags.FireAndForget);

    /// <summary>Records why an attempt failed transiently; the entry stays pending and is delivered again.</summary>
    public Task AwaitRedeliveryAsync(string runId, string? reason, string? error) =>
        redis.GetDatabase().ScriptEvaluateAsync(RunScripts.AwaitRedelivery, [RedisKeys.Run(runId)],
            [reason ?? string.Empty, error ?? string.Empty]);

    /// <summary>Writes the result and acknowledges the entry, so a finished run is never delivered again.</summary>
    public Task CompleteAsync(string runId, string? entryId, RunResult result) =>
        redis.GetDatabase().ScriptEvaluateAsync(RunScripts.Complete,
            [RedisKeys.Run(runId), RedisKeys.Stream],
            [result.Status, clock.GetUtcNow().ToString("O"), result.FinalStatus ?? string.Empty,
             result.Reason ?? string.Empty, result.Error ?? string.Empty, result.StepsJson, result.GlobalsJson,
             result.OutputJson ?? string.Empty, RedisKeys.ConsumerGroup, entryId ?? string.Empty,
             result.CheckpointJson ?? string.Empty]);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

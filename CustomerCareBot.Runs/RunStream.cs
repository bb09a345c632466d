using StackExchange.Redis;

namespace CustomerCareBot.Runs;

/// <summary>A stream entry handed to a worker: which run, and the trace it continues.</summary>
public sealed record RunEntry(string EntryId, string RunId, string WorkflowId, string? TraceParent, long EnqueuedAtMs);

/// <summary>
/// The Worker's side of the stream: the consumer group, batched reads, reclaiming and dead letters.
/// Reads never block the multiplexer (no BLOCK); waiting for work is the caller's business.
/// </summary>
public sealed class RunStream(IConnectionMultiplexer redis)
{
    private static readonly RedisKey Idle = RunScripts.IdleKey;

    public async Task EnsureGroupAsync()
    {
        try
        {
            // From the start of the stream: runs accepted before any worker existed are not skipped.
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(RedisKeys.Stream, RedisKeys.ConsumerGroup, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    public async Task<IReadOnlyList<RunEntry>> ReadAsync(string consumer, int count)
    {
        try
        {
            var entries = await redis.GetDatabase().StreamReadGroupAsync(
                RedisKeys.Stream, RedisKeys.ConsumerGroup, consumer, StreamPosition.NewMessages, count);
            return Map(entries);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost the group (restart without persistence, FLUSHALL): make it again and go on.
            await EnsureGroupAsync();
            return [];
        }
    }

    /// <summary>Takes over entries another consumer read and has not acknowledged for <paramref name="minIdle"/>.</summary>
    public async Task<IReadOnlyList<RunEntry>> ClaimAsync(string consumer, TimeSpan minIdle, int count)
    {
        try
        {
            var result = await redis.GetDatabase().StreamAutoClaimAsync(
                RedisKeys.Stream, RedisKeys.ConsumerGroup, consumer, (long)minIdle.TotalMilliseconds, "0-0", count);
            // Entries deleted while pending come back as null entries: nothing to run, just drop them.
            if (result.DeletedIds.Length > 0)
            {
                await redis.GetDatabase().StreamAcknowledgeAsync(RedisKeys.Stream, RedisKeys.ConsumerGroup, result.DeletedIds);
            }

            return Map(result.ClaimedEntries);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            await EnsureGroupAsync();
            return [];
        }
    }

    /// <summary>Acknowledges and deletes entries with nothing left to do (cancelled, expired, duplicates).</summary>
    public async Task AcknowledgeAsync(params RedisValue[] entryIds)
    {
        var db = redis.GetDatabase();
        var ack = db.StreamAcknowledgeAsync(RedisKeys.Stream, RedisKeys.ConsumerGroup, entryIds);
        var delete = db.StreamDeleteAsync(RedisKeys.Stream, entryIds);
        await Task.WhenAll(ack, delete);
    }

    /// <summary>Moves an entry that keeps failing to the dead-letter stream and fails its run.</summary>
    public Task DeadLetterAsync(RunEntry entry, string error, int deliveries, DateTimeOffset now) =>
        redis.GetDatabase().ScriptEvaluateAsync(RunScripts.DeadLetter,
            [RedisKeys.Run(entry.RunId), RedisKeys.Stream, RedisKeys.DeadLetters],
            [now.ToString("O"), "dead-lettered", error, RedisKeys.ConsumerGroup, entry.EntryId, entry.RunId,
             entry.WorkflowId, deliveries]);

    /// <summary>
    /// Says this worker is about to wait for work: the next enqueue deletes the key and publishes a wake-up.
    /// </summary>
    public Task MarkIdleAsync() => redis.GetDatabase().StringSetAsync(Idle, "1", TimeSpan.FromSeconds(30));

    public Task<long> LengthAsync() => redis.GetDatabase().StreamLengthAsync(RedisKeys.Stream);

    private static RunEntry[] Map(StreamEntry[] entries)
    {
        var result = new RunEntry[entries.Length];
        var count = 0;
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }

            var runId = entry[RedisKeys.EntryFields.RunId];
            var traceParent = entry[RedisKeys.EntryFields.TraceParent];
            var enqueuedAt = entry[RedisKeys.EntryFields.EnqueuedAt];
            result[count++] = new RunEntry(entry.Id!, (string)runId!, (string)entry[RedisKeys.EntryFields.WorkflowId]!,
                traceParent.IsNullOrEmpty ? null : (string)traceParent!, enqueuedAt.IsNull ? 0 : (long)enqueuedAt);
        }

        return count == result.Length ? result : result[..count];
    }
}

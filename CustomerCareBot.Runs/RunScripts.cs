namespace CustomerCareBot.Runs;

/// <summary>
/// Lua scripts that make each multi-key change one atomic round trip. Field names match <see cref="RedisKeys.Fields"/>.
/// </summary>
internal static class RunScripts
{
    // A worker that found nothing to do leaves this key; only then is a wake-up published, so a busy
    // system does not pay a PUBLISH per run.
    public const string IdleKey = "ccb:workers:idle";

    private static string WakeIfIdle(string idleKey, string channel) =>
        $"\nif redis.call('DEL', {idleKey}) == 1 then redis.call('PUBLISH', {channel}, '1') end\n";

    /// KEYS: run, stream, idle, recent, idempotency (or run again when none)
    /// ARGV: runId, workflowId, createdAt, trigger, traceparent, retentionSeconds, idemSeconds, maxBacklog,
    ///       createdAtMs, recentKept, hasIdempotencyKey, wakeChannel
    public static readonly string Enqueue = """
        if ARGV[11] == '1' then
          local existing = redis.call('GET', KEYS[5])
          if existing then return {'duplicate', existing} end
        end
        local backlog = redis.call('XLEN', KEYS[2])
        if backlog >= tonumber(ARGV[8]) then return {'backlog', tostring(backlog)} end
        redis.call('HSET', KEYS[1], 'wf', ARGV[2], 'st', 'queued', 'ca', ARGV[3], 'tr', ARGV[4], 'tp', ARGV[5], 'at', '0')
        redis.call('EXPIRE', KEYS[1], ARGV[6])
        if ARGV[11] == '1' then redis.call('SET', KEYS[5], ARGV[1], 'EX', ARGV[7]) end
        redis.call('XADD', KEYS[2], '*', 'run', ARGV[1], 'wf', ARGV[2], 'tp', ARGV[5], 'ts', ARGV[9])
        redis.call('ZADD', KEYS[4], ARGV[9], ARGV[1])
        if redis.call('ZCARD', KEYS[4]) > tonumber(ARGV[10]) + 100 then
          redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -tonumber(ARGV[10]) - 1)
        end
        """ + WakeIfIdle("KEYS[3]", "ARGV[12]") + """
        return {'queued', ARGV[1]}
        """;

    /// KEYS: run, stream, idle ; ARGV: runId, nowMs, wakeChannel
    public static readonly string Retry = """
        local st = redis.call('HGET', KEYS[1], 'st')
        if not st then return {'missing'} end
        if st ~= 'failed' then return {'conflict', st} end
        redis.call('HDEL', KEYS[1], 'fa', 'fs', 'rs', 'er', 'sp', 'out', 'cx')
        redis.call('HSET', KEYS[1], 'st', 'queued', 'at', '0')
        local wf = redis.call('HGET', KEYS[1], 'wf')
        local tp = redis.call('HGET', KEYS[1], 'tp') or ''
        redis.call('XADD', KEYS[2], '*', 'run', ARGV[1], 'wf', wf, 'tp', tp, 'ts', ARGV[2])
        """ + WakeIfIdle("KEYS[3]", "ARGV[3]") + """
        return {'queued'}
        """;

    /// KEYS: run ; ARGV: now
    public const string Cancel = """
        local st = redis.call('HGET', KEYS[1], 'st')
        if not st then return 'missing' end
        if st == 'queued' then
          redis.call('HSET', KEYS[1], 'st', 'cancelled', 'fa', ARGV[1], 'rs', 'cancelled')
          return 'cancelled'
        end
        if st == 'running' then
          redis.call('HSET', KEYS[1], 'cx', '1')
          return 'cancelling'
        end
        return st
        """;

    /// KEYS: run ; ARGV: startedAt, maxDeliveries, consumer
    public const string Start = """
        local st = redis.call('HGET', KEYS[1], 'st')
        if not st then return {'missing'} end
        if st == 'completed' or st == 'failed' or st == 'cancelled' then return {'terminal', st} end
        local at = redis.call('HINCRBY', KEYS[1], 'at', 1)
        if at > tonumber(ARGV[2]) then return {'exhausted', tostring(at)} end
        redis.call('HSETNX', KEYS[1], 'sa', ARGV[1])
        redis.call('HSET', KEYS[1], 'st', 'running', 'wk', ARGV[3])
        local f = redis.call('HMGET', KEYS[1], 'wf', 'tr', 'cp', 'cx')
        return {'run', f[1] or '', f[2] or '{}', f[3] or '', f[4] or '', tostring(at)}
        """;

    /// KEYS: run, stream ; ARGV: checkpoint, group, consumer, entryId
    /// Claiming our own entry resets its idle time, so a long run is not reclaimed by a peer while alive.
    public const string Checkpoint = """
        redis.call('HSET', KEYS[1], 'cp', ARGV[1])
        if ARGV[4] ~= '' then
          redis.call('XCLAIM', KEYS[2], ARGV[2], ARGV[3], 0, ARGV[4], 'JUSTID')
        end
        if redis.call('HGET', KEYS[1], 'cx') then return 1 end
        return 0
        """;

    /// KEYS: run, stream ; ARGV: status, completedAt, finalStatus, reason, error, steps, globals, output, group, entryId, checkpoint
    public const string Complete = """
        redis.call('HSET', KEYS[1], 'st', ARGV[1], 'fa', ARGV[2], 'fs', ARGV[3], 'rs', ARGV[4], 'er', ARGV[5],
          'sp', ARGV[6], 'gl', ARGV[7], 'out', ARGV[8])
        if ARGV[11] ~= '' then redis.call('HSET', KEYS[1], 'cp', ARGV[11]) end
        redis.call('HDEL', KEYS[1], 'cx')
        if ARGV[10] ~= '' then
          redis.call('XACK', KEYS[2], ARGV[9], ARGV[10])
          redis.call('XDEL', KEYS[2], ARGV[10])
        end
        return 1
        """;

    /// KEYS: run ; ARGV: reason, error
    /// A transient failure: the run waits (pending in the group) for its next delivery, showing why.
    public const string AwaitRedelivery = """
        if redis.call('HGET', KEYS[1], 'st') == 'running' then
          redis.call('HSET', KEYS[1], 'st', 'queued', 'rs', ARGV[1], 'er', ARGV[2])
        end
        return 1
        """;

    /// KEYS: run, stream, dead ; ARGV: completedAt, reason, error, group, entryId, runId, workflowId, deliveries
    public const string DeadLetter = """
        redis.call('XADD', KEYS[3], '*', 'run', ARGV[6], 'wf', ARGV[7], 'reason', ARGV[2], 'error', ARGV[3], 'deliveries', ARGV[8], 'entry', ARGV[5])
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local last = redis.call('HGET', KEYS[1], 'er')
          local err = ARGV[3]
          if last and last ~= '' then err = err .. ' Last error: ' .. last end
          redis.call('HSET', KEYS[1], 'st', 'failed', 'fa', ARGV[1], 'rs', ARGV[2], 'er', err)
        end
        redis.call('XACK', KEYS[2], ARGV[4], ARGV[5])
        redis.call('XDEL', KEYS[2], ARGV[5])
        return 1
        """;
}

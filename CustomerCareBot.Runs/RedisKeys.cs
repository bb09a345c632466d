using StackExchange.Redis;

namespace CustomerCareBot.Runs;

/// <summary>Every Redis key and field the product uses, in one place.</summary>
public static class RedisKeys
{
    public static readonly RedisKey Stream = "ccb:runs:stream";
    public static readonly RedisKey DeadLetters = "ccb:runs:dead";
    public static readonly RedisKey Recent = "ccb:runs:recent";
    public static readonly RedisChannel WakeUp = RedisChannel.Literal("ccb:runs:wake");
    public const string ConsumerGroup = "workers";

    public static RedisKey Run(string runId) => $"ccb:run:{runId}";

    public static RedisKey Idempotency(string workflowId, string key) => $"ccb:idem:{workflowId}:{key}";

    /// <summary>A signed webhook payload already accepted (hex SHA-256 of <c>"{t}.{body}"</c>): replay protection.</summary>
    public static RedisKey Signature(string payloadDigestHex) => $"ccb:sig:{payloadDigestHex}";

    /// <summary>Fields of the run hash. Short names: a run hash is written many times per second.</summary>
    public static class Fields
    {
        public const string WorkflowId = "wf";
        public const string Status = "st";
        public const string CreatedAt = "ca";
        public const string StartedAt = "sa";
        public const string CompletedAt = "fa";
        public const string FinalStatus = "fs";
        public const string Reason = "rs";
        public const string Error = "er";
        public const string Trigger = "tr";
        public const string Checkpoint = "cp";
        public const string Steps = "sp";
        public const string Globals = "gl";
        public const string Output = "out";
        public const string TraceParent = "tp";
        public const string CancelRequested = "cx";
        public const string Attempts = "at";
        public const string Worker = "wk";
    }

    /// <summary>Fields of a stream entry: the run it carries, and the trace it continues.</summary>
    public static class EntryFields
    {
        public const string RunId = "run";
        public const string WorkflowId = "wf";
        public const string TraceParent = "tp";
        public const string EnqueuedAt = "ts";
    }
}

public static class RunStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string? status) => status is Completed or Failed or Cancelled;
}

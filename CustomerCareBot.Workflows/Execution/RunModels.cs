using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CustomerCareBot.Workflows;

public enum RunStatus { Completed, Failed, Cancelled }

/// <summary>
/// <see cref="EveryStep"/>: a checkpoint after each step. <see cref="AfterSideEffects"/>: only after steps that do I/O
/// (HTTP calls, agents); the pure steps between them are deterministic and simply run again on resume.
/// </summary>
public enum CheckpointPolicy { EveryStep, AfterSideEffects }

/// <summary>Values of <see cref="StepTrace.Status"/> (strings so metrics and JSON use them as they are).</summary>
public static class StepStatus
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>Input of one run.</summary>
public sealed class RunRequest
{
    public required string RunId { get; init; }

    /// <summary>The trigger payload (validated by the trigger step against the definition's input schema).</summary>
    public required JsonElement Trigger { get; init; }

    /// <summary>Resume after the steps this checkpoint completed.</summary>
    public RunCheckpoint? ResumeFrom { get; init; }

    /// <summary>
    /// Called after completed steps that have a successor (which ones: <see cref="Checkpoints"/>); the host persists it.
    /// The checkpoint is a live view of the run, valid until the returned task completes: serialize it, don't keep it.
    /// </summary>
    public Func<RunCheckpoint, CancellationToken, ValueTask>? OnCheckpoint { get; init; }

    /// <summary>After which steps <see cref="OnCheckpoint"/> is called.</summary>
    public CheckpointPolicy Checkpoints { get; init; } = CheckpointPolicy.EveryStep;
}

/// <summary>What happened in one executed step.</summary>
public sealed class StepTrace
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    /// <summary><c>completed</c>, <c>failed</c> or <c>cancelled</c> (see <see cref="StepStatus"/>).</summary>
    public required string Status { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public double DurationMs { get; init; }

    /// <summary>The route branch taken.</summary>
    public string? Branch { get; init; }

    public string? Error { get; init; }

    /// <summary>Human detail: HTTP status, agent fallback reason, ...</summary>
    public string? Note { get; init; }
}

/// <summary>Result of a run.</summary>
public sealed class RunTrace
{
    public required string RunId { get; init; }

    public required string WorkflowId { get; init; }

    public int WorkflowVersion { get; init; }

    public RunStatus Status { get; init; }

    /// <summary>The business outcome chosen by the terminate step (e.g. <c>routed_to_refunds</c>).</summary>
    public string? FinalStatus { get; init; }

    /// <summary>Machine-readable reason of a failure (e.g. <c>FETCH_CUSTOMER_ORDERS_API_FAILED</c>).</summary>
    public string? Reason { get; init; }

    public string? Error { get; init; }

    /// <summary>True for a failure worth retrying (timeouts, transport errors, HTTP 5xx/408/429, checkpoint store errors).</summary>
    public bool Retryable { get; init; }

    public required JsonObject Globals { get; init; }

    public JsonNode? Output { get; init; }

    public required IReadOnlyList<StepTrace> Steps { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public double DurationMs { get; init; }
}

/// <summary>State after a completed step, enough to resume without re-running it.</summary>
public sealed class RunCheckpoint
{
    public required string RunId { get; init; }

    public required string WorkflowId { get; init; }

    public int WorkflowVersion { get; init; }

    public required IReadOnlyList<StepTrace> CompletedSteps { get; init; }

    public required JsonObject Globals { get; init; }

    public required string NextStepId { get; init; }

    /// <summary>
    /// True when a call out (HTTP, agent) finished since the last such checkpoint and no other checkpoint comes before
    /// the next call starts: the host must have it stored before the run goes on, so a crash never repeats a finished
    /// call. When false the host may store it without waiting: losing it only means pure steps run again, with the
    /// same result.
    /// </summary>
    [JsonIgnore]
    public bool MustBeDurable { get; init; } = true;
}

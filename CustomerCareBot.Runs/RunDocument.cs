using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerCareBot.Runs;

/// <summary>What <c>GET /runs/{id}</c> shows: the run record with its per-step trace.</summary>
public sealed record RunDocument
{
    public required string RunId { get; init; }
    public required string WorkflowId { get; init; }
    public required string Status { get; init; }
    public string? FinalStatus { get; init; }
    public string? Reason { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public int Attempts { get; init; }

    /// <summary>The consumer (worker process) that ran the latest attempt.</summary>
    public string? Worker { get; init; }
    public bool CancelRequested { get; init; }
    public JsonElement? Steps { get; init; }
    public JsonElement? Globals { get; init; }
    public JsonElement? Output { get; init; }
    public JsonElement? Trigger { get; init; }
}

/// <summary>One line of <c>GET /runs</c> and of <c>POST /runs/lookup</c>: the run record without its trace and data.</summary>
public sealed record RunSummary(
    string RunId,
    string WorkflowId,
    string Status,
    string? FinalStatus,
    string? Reason,
    string? Error,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int Attempts);

/// <summary>The body of <c>POST /runs/lookup</c>.</summary>
public sealed record RunLookupRequest(IReadOnlyList<string>? RunIds);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(List<RunSummary>))]
[JsonSerializable(typeof(IReadOnlyList<RunSummary>))]
[JsonSerializable(typeof(RunLookupRequest))]
public sealed partial class RunsJsonContext : JsonSerializerContext;

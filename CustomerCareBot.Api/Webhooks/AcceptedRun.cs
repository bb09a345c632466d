using System.Text.Json.Serialization;

namespace CustomerCareBot.Api.Webhooks;

/// <summary>The 202 body of <c>POST /webhooks/{workflowId}</c>.</summary>
public sealed record AcceptedRun(string RunId, string WorkflowId, string Status, string StatusUrl);

/// <summary>
/// The 202 body of the original <c>POST /webhook</c>: old clients read <c>status: accepted</c> and the run id
/// under <c>workflow_id</c>.
/// </summary>
public sealed record LegacyAcceptedRun(
    string RunId,
    string WorkflowId,
    string Status,
    string StatusUrl,
    [property: JsonPropertyName("workflow_id")] string LegacyRunId);

using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCareBot.Api.Runs;
using CustomerCareBot.Api.Webhooks;
using CustomerCareBot.Api.Workflows;

namespace CustomerCareBot.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AcceptedRun))]
[JsonSerializable(typeof(LegacyAcceptedRun))]
[JsonSerializable(typeof(RunChange))]
[JsonSerializable(typeof(WorkflowSummary))]
[JsonSerializable(typeof(List<WorkflowSummary>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CustomerCareBot.Workflows;

/// <summary>Source-generated JSON for traces and checkpoints: camelCase, enums as camelCase strings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnumConverter<RunStatus>)])]
[JsonSerializable(typeof(RunTrace))]
[JsonSerializable(typeof(RunCheckpoint))]
[JsonSerializable(typeof(StepTrace))]
[JsonSerializable(typeof(IReadOnlyList<StepTrace>))]
[JsonSerializable(typeof(List<StepTrace>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
public partial class WorkflowJsonContext : JsonSerializerContext;

/// <summary>Writes enum members as camelCase strings ("completed").</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;

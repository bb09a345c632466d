using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>What an expression can see: the trigger payload and the run's globals. Nothing else.</summary>
public readonly record struct ExpressionScope(JsonNode? Trigger, JsonObject Globals);

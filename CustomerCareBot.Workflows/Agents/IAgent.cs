using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>Decides what to do with a customer message.</summary>
public interface IAgent
{
    /// <summary><c>rules</c> or <c>llm</c>.</summary>
    string Kind { get; }

    ValueTask<AgentDecision> DecideAsync(AgentRequest request, CancellationToken ct);
}

public sealed record AgentRequest(string Message, JsonNode? Context);

public sealed record AgentDecision(string Intent, double Confidence, string Action, string? Reply)
{
    /// <summary>Kind of the agent that produced this decision (after any fallback).</summary>
    public string Agent { get; init; } = "";

    /// <summary>Why an LLM agent fell back to rules; null when it did not.</summary>
    public string? FallbackReason { get; init; }
}

/// <summary>Actions a decision may carry; the route step branches on them.</summary>
public static class AgentActions
{
    public const string RouteToRefunds = "route_to_refunds";
    public const string FetchStatus = "fetch_status";
    public const string RespondWithInfo = "respond_with_info";

    public static bool IsKnown(string? action) => action is RouteToRefunds or FetchStatus or RespondWithInfo;
}

/// <summary>An agent profile (<c>Workflows:Agents:{profile}</c>).</summary>
public sealed class AgentProfileOptions
{
    /// <summary><c>rules</c> or <c>llm</c>.</summary>
    public string Kind { get; set; } = RulesAgent.AgentKind;

    /// <summary>How long an <c>llm</c> agent may take before falling back to rules.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>Optional system prompt override for <c>llm</c> agents.</summary>
    public string? Instructions { get; set; }
}

namespace CustomerCareBot.Workflows;

/// <summary>The original keyword table: refunds/returns, order status, everything else.</summary>
public sealed class RulesAgent : IAgent
{
    public const string AgentKind = "rules";

    private static readonly AgentDecision Refund = new("refund_request", 0.98, AgentActions.RouteToRefunds, null) { Agent = AgentKind };
    private static readonly AgentDecision OrderStatus = new("order_status", 0.95, AgentActions.FetchStatus, null) { Agent = AgentKind };
    private static readonly AgentDecision General = new("general_query", 0.6, AgentActions.RespondWithInfo, null) { Agent = AgentKind };

    public string Kind => AgentKind;

    public ValueTask<AgentDecision> DecideAsync(AgentRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(Decide(request.Message));
    }

    public static AgentDecision Decide(string? message)
    {
        var text = message ?? "";
        if (Contains(text, "refund") || Contains(text, "return")) return Refund;
        if (Contains(text, "status") || Contains(text, "where is my order")) return OrderStatus;
        return General;
    }

    private static bool Contains(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}

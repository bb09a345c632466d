using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace CustomerCareBot.Workflows;

/// <summary>
/// <c>llm</c> agent: asks the host's IChatClient for a structured decision, offering the <c>lookup_orders</c> tool.
/// Anything unusable (no client, invalid JSON, unknown action, error, timeout) falls back to the rules agent,
/// and the decision says why in <see cref="AgentDecision.FallbackReason"/>.
/// </summary>
public sealed class ChatClientAgent : IAgent
{
    public const string AgentKind = "llm";

    public const string DefaultInstructions =
        "You triage customer-care messages for an online store. Classify the customer's message and answer with JSON " +
        "{intent, confidence (0..1), action, reply}. action must be one of: route_to_refunds (refund or return requests), " +
        "fetch_status (questions about order status or delivery), respond_with_info (anything else). " +
        "Call lookup_orders when the customer's orders help you answer. reply is a short message to the customer.";

    private readonly IChatClient? _client;
    private readonly RulesAgent _fallback;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly string _instructions;

    public ChatClientAgent(IChatClient? client, RulesAgent fallback, TimeSpan timeout, TimeProvider time, string? instructions = null)
    {
        // Tool calls need the function-invocation loop; add it unless the host's pipeline already has one.
        _client = client is null || client.GetService<FunctionInvokingChatClient>() is not null
            ? client
            : new FunctionInvokingChatClient(client);
        _fallback = fallback;
        _timeout = timeout;
        _time = time;
        _instructions = instructions ?? DefaultInstructions;
    }

    public string Kind => AgentKind;

    public async ValueTask<AgentDecision> DecideAsync(AgentRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_client is null) return await FallbackAsync(request, "no IChatClient is registered", ct).ConfigureAwait(false);

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        string reason;
        try
        {
            var orders = (request.Context as JsonObject)?["orders"]?.ToJsonString() ?? "null";
            var lookupOrders = AIFunctionFactory.Create(() => orders, "lookup_orders",
                "Returns the customer's orders (JSON) already fetched for this conversation.");
            var options = new ChatOptions { Tools = [lookupOrders], Temperature = 0 };
            ChatMessage[] messages = [new(ChatRole.System, _instructions), new(ChatRole.User, request.Message)];
            var response = await _client.GetResponseAsync<LlmDecision>(messages, options, useJsonSchemaResponseFormat: true, linked.Token)
                .ConfigureAwait(false);
            if (!response.TryGetResult(out var result) || result is null || string.IsNullOrWhiteSpace(result.Intent))
            {
                reason = "invalid JSON from the model";
            }
            else if (!AgentActions.IsKnown(result.Action))
            {
                reason = $"action '{result.Action}' is not allowed";
            }
            else
            {
                return new AgentDecision(result.Intent, Math.Clamp(result.Confidence, 0, 1), result.Action!, result.Reply) { Agent = AgentKind };
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            reason = "timeout";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            reason = $"error: {ex.Message}";
        }

        return await FallbackAsync(request, reason, ct).ConfigureAwait(false);
    }

    private async ValueTask<AgentDecision> FallbackAsync(AgentRequest request, string reason, CancellationToken ct)
    {
        var decision = await _fallback.DecideAsync(request, ct).ConfigureAwait(false);
        return decision with { FallbackReason = reason };
    }

    /// <summary>The structured output requested from the model.</summary>
    public sealed class LlmDecision
    {
        [JsonPropertyName("intent")]
        public string Intent { get; set; } = "";

        [JsonPropertyName("confidence")]
        public double Confidence { get; set; }

        [JsonPropertyName("action")]
        public string? Action { get; set; }

        [JsonPropertyName("reply")]
        public string? Reply { get; set; }
    }
}

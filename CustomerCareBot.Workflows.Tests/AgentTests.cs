using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CustomerCareBot.Workflows.Tests;

public sealed class AgentTests
{
    private static readonly JsonObject Context = new() { ["orders"] = new JsonObject { ["orders"] = new JsonArray(new JsonObject { ["orderId"] = "o-1" }) } };

    [Theory]
    [InlineData("I want a Refund", "refund_request", 0.98, "route_to_refunds")]
    [InlineData("RETURN this", "refund_request", 0.98, "route_to_refunds")]
    [InlineData("order status?", "order_status", 0.95, "fetch_status")]
    [InlineData("Where Is My Order", "order_status", 0.95, "fetch_status")]
    [InlineData("where is my parcel", "general_query", 0.6, "respond_with_info")]
    [InlineData("", "general_query", 0.6, "respond_with_info")]
    public async Task Rules_agent_reproduces_the_table(string message, string intent, double confidence, string action)
    {
        var decision = await new RulesAgent().DecideAsync(new AgentRequest(message, null), CancellationToken.None);

        Assert.Equal((intent, confidence, action, "rules"), (decision.Intent, decision.Confidence, decision.Action, decision.Agent));
        Assert.Null(decision.FallbackReason);
    }

    private static ChatClientAgent Agent(IChatClient? client, TimeProvider? time = null) =>
        new(client, new RulesAgent(), TimeSpan.FromSeconds(5), time ?? TimeProvider.System);

    [Fact]
    public async Task Llm_agent_returns_the_models_structured_decision_and_offers_lookup_orders()
    {
        var client = new FakeChatClient(async (_, options) =>
        {
            var tool = Assert.IsAssignableFrom<AIFunction>(Assert.Single(options!.Tools!));
            Assert.Equal("lookup_orders", tool.Name);
            var orders = await tool.InvokeAsync(new AIFunctionArguments());
            Assert.Contains("o-1", orders!.ToString(), StringComparison.Ordinal);
            Assert.NotNull(options.ResponseFormat);
            return """{"intent":"refund_request","confidence":0.91,"action":"route_to_refunds","reply":"We'll refund you."}""";
        });

        var decision = await Agent(client).DecideAsync(new AgentRequest("money back please", Context), CancellationToken.None);

        Assert.Equal(new AgentDecision("refund_request", 0.91, "route_to_refunds", "We'll refund you.") { Agent = "llm" }, decision);
    }

    [Theory]
    [InlineData("this is not json", "invalid JSON")]
    [InlineData("""{"intent":"x","confidence":0.5,"action":"delete_account","reply":null}""", "action 'delete_account' is not allowed")]
    public async Task Llm_agent_falls_back_on_unusable_answers(string answer, string reason)
    {
        var decision = await Agent(new FakeChatClient((_, _) => Task.FromResult(answer))).DecideAsync(new AgentRequest("refund", Context), CancellationToken.None);

        Assert.Equal(("rules", "route_to_refunds"), (decision.Agent, decision.Action));
        Assert.Contains(reason, decision.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Llm_agent_falls_back_on_exceptions_and_without_a_client()
    {
        var failing = await Agent(new FakeChatClient((_, _) => throw new InvalidOperationException("model offline")))
            .DecideAsync(new AgentRequest("where is my order", null), CancellationToken.None);
        var missing = await Agent(null).DecideAsync(new AgentRequest("hi", null), CancellationToken.None);

        Assert.Equal("error: model offline", failing.FallbackReason);
        Assert.Equal("fetch_status", failing.Action);
        Assert.Equal("no IChatClient is registered", missing.FallbackReason);
    }

    [Fact]
    public async Task Llm_agent_falls_back_on_timeout()
    {
        var time = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new FakeChatClient(async (ct, _) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "";
        });

        var pending = Agent(client, time).DecideAsync(new AgentRequest("refund", null), CancellationToken.None).AsTask();
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(6));
        var decision = await pending;

        Assert.Equal("timeout", decision.FallbackReason);
        Assert.Equal("route_to_refunds", decision.Action);
    }

    [Fact]
    public async Task The_run_trace_shows_the_fallback()
    {
        using var host = new TestHost(new() { ["Workflows:Agents:default:Kind"] = "llm" },
            chatClient: new FakeChatClient((_, _) => Task.FromResult("""{"intent":"x","confidence":1,"action":"nope"}""")));

        var trace = await host.RunAsync(host.CustomerCare, TestHost.Payload("where is my order"));

        Assert.Equal("order_status_returned", trace.FinalStatus);
        Assert.Equal("agent fell back to rules: action 'nope' is not allowed", trace.Steps.Single(s => s.Id == "run-agent").Note);
    }

    internal sealed class FakeChatClient(Func<CancellationToken, ChatOptions?, Task<string>> answer) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            new(new ChatMessage(ChatRole.Assistant, await answer(cancellationToken, options)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}

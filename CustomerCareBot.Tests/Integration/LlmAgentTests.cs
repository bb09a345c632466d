using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Integration;

/// <summary>The stack with the <c>llm</c> agent profile: the Worker asks MockApis' OpenAI-compatible model.</summary>
public sealed class LlmStackFixture : StackFixture
{
    protected override string[] AppHostArgs => ["--Parameters:agent-kind=llm"];

    protected override IDictionary<string, string> WorkerSettings => new Dictionary<string, string>(base.WorkerSettings)
    {
        ["Workflows:Agents:default:TimeoutSeconds"] = "2",
    };
}

public sealed class LlmAgentTests(LlmStackFixture stack) : IClassFixture<LlmStackFixture>
{
    [Theory]
    [InlineData("I want a refund for my shoes", "route_to_refunds", "routed_to_refunds")]
    [InlineData("Where is my order?", "fetch_status", "order_status_returned")]
    [InlineData("Do you sell gift cards?", "respond_with_info", "auto_responded")]
    public async Task Run_completes_with_the_models_action(string message, string action, string finalStatus)
    {
        var chatCallsBefore = await ChatCallsAsync();
        var runId = await stack.Api.EnqueueAsync(message);
        var run = await stack.Api.WaitForRunAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(finalStatus, run.GetProperty("finalStatus").GetString());
        var decision = run.GetProperty("globals").GetProperty("decision");
        Assert.Equal("llm", decision.GetProperty("agent").GetString());
        Assert.Equal(action, decision.GetProperty("action").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, decision.GetProperty("fallbackReason").ValueKind);
        // Function invocation: the model asks for lookup_orders, then answers — two calls at least.
        Assert.True(await ChatCallsAsync() >= chatCallsBefore + 2);
    }

    [Theory]
    [InlineData("[mock:malformed] I want a refund", "invalid JSON")]
    [InlineData("[mock:unknown-action] I want a refund", "launch_rockets")]
    [InlineData("[mock:slow] I want a refund", "timeout")]
    public async Task Bad_or_slow_model_falls_back_to_rules_and_the_trace_says_so(string message, string reasonPart)
    {
        var runId = await stack.Api.EnqueueAsync(message);
        var run = await stack.Api.WaitForRunAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("routed_to_refunds", run.GetProperty("finalStatus").GetString());
        var decision = run.GetProperty("globals").GetProperty("decision");
        Assert.Equal("rules", decision.GetProperty("agent").GetString());
        Assert.Contains(reasonPart, decision.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
        var agentStep = run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "run-agent");
        Assert.StartsWith("agent fell back to rules", agentStep.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    private async Task<long> ChatCallsAsync() =>
        (await stack.CallsAsync()).GetProperty("routes").GetProperty("POST /v1/chat/completions").GetInt64();
}

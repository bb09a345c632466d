using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows.Tests;

public sealed class DefaultWorkflowTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Definitions_are_copied_next_to_the_binaries()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "workflows", "customer-care.json")));
        Assert.Equal(1, _host.CustomerCare.Version);
    }

    [Theory]
    [InlineData("I want a REFUND please", "routed_to_refunds", "terminate-refunds", "refund", "refund_request")]
    [InlineData("I need to return this", "routed_to_refunds", "terminate-refunds", "refund", "refund_request")]
    [InlineData("Where is my order?", "order_status_returned", "terminate-order-status", "order status", "order_status")]
    [InlineData("what's the status of 17", "order_status_returned", "terminate-order-status", "order status", "order_status")]
    [InlineData("Hello there", "auto_responded", "terminate-auto-response", "default", "general_query")]
    public async Task Routes_each_message_to_its_final_status(string message, string finalStatus, string terminateStep, string branch, string intent)
    {
        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload(message));

        Assert.Equal(RunStatus.Completed, trace.Status);
        Assert.Equal(finalStatus, trace.FinalStatus);
        Assert.Equal(
            ["webhook-trigger", "initialize-globals", "registration-api", "set-globals-after-api1", "orders-api",
             "set-final-context", "run-agent", "conditional-routing", terminateStep],
            trace.Steps.Select(s => s.Id));
        Assert.All(trace.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal(branch, trace.Steps.Single(s => s.Id == "conditional-routing").Branch);
        Assert.Equal(intent, trace.Globals["decision"]!["intent"]!.GetValue<string>());
        Assert.Equal(intent, trace.Output!["decision"]!["intent"]!.GetValue<string>());
        Assert.Equal("cust-42", trace.Output!["customer_id"]!.GetValue<string>());
        Assert.True(trace.Globals["is_registered"]!.GetValue<bool>());
        Assert.Equal("shipped", trace.Globals["context"]!["orders"]!["orders"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Calls_the_apis_as_the_original_did()
    {
        await _host.RunAsync(_host.CustomerCare, TestHost.Payload("hi", phone: "+923001234567"));

        Assert.Equal("http://mockapis/registration/03001234567", _host.Apis.RequestedUris[0]);
        Assert.Equal("http://mockapis/orders", _host.Apis.RequestedUris[1]);
        Assert.Equal("+923001234567", JsonNode.Parse(_host.Apis.LastOrdersBody!)!["store_number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorization_carries_the_secret_but_the_trace_does_not()
    {
        var checkpoints = new List<string>();
        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"), onCheckpoint: (c, _) => { checkpoints.Add(Serialize(c)); return ValueTask.CompletedTask; });

        Assert.Equal([TestHost.Secret, TestHost.Secret], _host.Apis.Authorizations);
        var json = JsonSerializer.Serialize(trace, WorkflowJsonContext.Default.RunTrace);
        Assert.DoesNotContain("s3cr3t", json, StringComparison.Ordinal);
        Assert.All(checkpoints, c => Assert.DoesNotContain("s3cr3t", c, StringComparison.Ordinal));
        Assert.Contains("\"status\":\"completed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"finalStatus\":\"routed_to_refunds\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_failure_is_tolerated_with_the_fallback_value()
    {
        _host.Apis.RegistrationStatus = HttpStatusCode.NotFound;

        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("where is my order"));

        Assert.Equal(RunStatus.Completed, trace.Status);
        Assert.Equal("order_status_returned", trace.FinalStatus);
        Assert.Equal("Customer not registered", trace.Globals["registration"]!["message"]!.GetValue<string>());
        Assert.False(trace.Globals["is_registered"]!.GetValue<bool>());
        var step = trace.Steps.Single(s => s.Id == "registration-api");
        Assert.Equal(StepStatus.Completed, step.Status);
        Assert.Contains("404", step.Note, StringComparison.Ordinal);
        Assert.Contains("continued with fallback", step.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_failure_fails_the_run_with_its_reason()
    {
        _host.Apis.OrdersStatus = HttpStatusCode.InternalServerError;

        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"));

        Assert.Equal(RunStatus.Failed, trace.Status);
        Assert.Equal("FETCH_CUSTOMER_ORDERS_API_FAILED", trace.Reason);
        Assert.True(trace.Retryable); // a 500 is transient
        Assert.Null(trace.FinalStatus);
        var last = trace.Steps[^1];
        Assert.Equal("orders-api", last.Id);
        Assert.Equal(StepStatus.Failed, last.Status);
        Assert.Contains("500", last.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resumes_from_a_checkpoint_without_rerunning_completed_steps()
    {
        // Serialized in the callback, as a host persisting checkpoints does (the checkpoint is a live view).
        var checkpoints = new List<RunCheckpoint>();
        var first = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"),
            onCheckpoint: (c, _) => { checkpoints.Add(Deserialize(Serialize(c))); return ValueTask.CompletedTask; });
        Assert.Equal(8, checkpoints.Count);
        var restored = checkpoints.Single(c => c.NextStepId == "set-final-context");
        Assert.Equal("orders-api", restored.CompletedSteps[^1].Id);
        var (registrationCalls, ordersCalls) = (_host.Apis.RegistrationCalls, _host.Apis.OrdersCalls);

        var resumed = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"), resumeFrom: restored);

        Assert.Equal((registrationCalls, ordersCalls), (_host.Apis.RegistrationCalls, _host.Apis.OrdersCalls));
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(first.FinalStatus, resumed.FinalStatus);
        Assert.Equal(first.Steps.Select(s => s.Id), resumed.Steps.Select(s => s.Id));
    }

    [Fact]
    public async Task Cancellation_inside_a_step_returns_cancelled()
    {
        _host.Apis.BlockRegistration = true;
        using var cts = new CancellationTokenSource();

        var run = _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"), ct: cts.Token);
        await _host.Apis.RegistrationEntered.Task;
        await cts.CancelAsync();
        var trace = await run;

        Assert.Equal(RunStatus.Cancelled, trace.Status);
        Assert.Equal(StepStatus.Cancelled, trace.Steps[^1].Status);
        Assert.Equal("registration-api", trace.Steps[^1].Id);
        Assert.Equal(0, _host.Apis.OrdersCalls);
    }

    [Fact]
    public async Task Cancellation_between_steps_returns_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"), ct: cts.Token,
            onCheckpoint: async (c, _) => { if (c.NextStepId == "orders-api") await cts.CancelAsync(); });

        Assert.Equal(RunStatus.Cancelled, trace.Status);
        Assert.Equal("set-globals-after-api1", trace.Steps[^1].Id);
        Assert.Equal(0, _host.Apis.OrdersCalls);
    }

    [Fact]
    public void Input_validation_names_the_fields()
    {
        var payload = JsonSerializer.SerializeToElement(new { customer_id = 5, @event = new { text = "x" } });

        var errors = _host.CustomerCare.ValidateInput(payload);

        Assert.Equal(["customer_id", "customer_phone_number", "event.message"], errors.Keys.Order());
        Assert.Equal(["must be a string"], errors["customer_id"]);
        Assert.Equal(["is required"], errors["event.message"]);
        Assert.Empty(_host.CustomerCare.ValidateInput(TestHost.Payload("hi")));
    }

    [Fact]
    public async Task Invalid_payload_fails_the_trigger_step()
    {
        var trace = await _host.RunAsync(_host.CustomerCare, JsonSerializer.SerializeToElement(new { customer_id = "x" }));

        Assert.Equal(RunStatus.Failed, trace.Status);
        Assert.Equal("INVALID_INPUT", trace.Reason);
        Assert.False(trace.Retryable);
        Assert.Equal("webhook-trigger", Assert.Single(trace.Steps).Id);
        Assert.Contains("event", trace.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Side_effect_policy_checkpoints_only_after_io_steps_and_still_resumes()
    {
        var checkpoints = new List<RunCheckpoint>();
        var request = new RunRequest
        {
            RunId = "run-io",
            Trigger = TestHost.Payload("refund"),
            Checkpoints = CheckpointPolicy.AfterSideEffects,
            OnCheckpoint = (c, _) =>
            {
                Assert.True(c.MustBeDurable, $"the checkpoint after {c.CompletedSteps[^1].Id} is the only one before the next call");
                checkpoints.Add(Deserialize(Serialize(c)));
                return ValueTask.CompletedTask;
            },
        };
        var first = await _host.Runner.RunAsync(_host.CustomerCare, request, CancellationToken.None);

        // The rules agent does not call out, so run-agent is not a side effect to checkpoint after.
        Assert.Equal(["registration-api", "orders-api"], checkpoints.Select(c => c.CompletedSteps[^1].Id));
        var (registrationCalls, ordersCalls) = (_host.Apis.RegistrationCalls, _host.Apis.OrdersCalls);
        var resumed = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"), resumeFrom: checkpoints[1]);
        Assert.Equal((registrationCalls, ordersCalls), (_host.Apis.RegistrationCalls, _host.Apis.OrdersCalls));
        Assert.Equal(first.FinalStatus, resumed.FinalStatus);
    }

    [Fact]
    public async Task Checkpoints_before_a_call_out_must_be_durable_and_the_others_need_not()
    {
        var checkpoints = new List<(string After, bool Durable)>();
        var request = new RunRequest
        {
            RunId = "run-durable",
            Trigger = TestHost.Payload("refund"),
            OnCheckpoint = (c, _) => { checkpoints.Add((c.CompletedSteps[^1].Id, c.MustBeDurable)); return ValueTask.CompletedTask; },
        };

        await _host.Runner.RunAsync(_host.CustomerCare, request, CancellationToken.None);

        // Durable exactly before orders-api: a call finished since the last durable one and another is next. Before
        // registration-api nothing has called out yet, and the default (rules) agent decides in memory, so neither
        // needs one.
        Assert.Equal(
            [("webhook-trigger", false), ("initialize-globals", false), ("registration-api", false), ("set-globals-after-api1", true),
             ("orders-api", false), ("set-final-context", false), ("run-agent", false), ("conditional-routing", false)],
            checkpoints);
        Assert.DoesNotContain("MustBeDurable", Serialize(new RunCheckpoint
        {
            RunId = "r", WorkflowId = "w", CompletedSteps = [], Globals = [], NextStepId = "n",
        }), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_a_model_agent_the_checkpoint_before_run_agent_is_durable_too()
    {
        using var host = new TestHost(new() { ["Workflows:Agents:default:Kind"] = "llm" },
            chatClient: new AgentTests.FakeChatClient((_, _) => Task.FromResult("""{"intent":"refund_request","confidence":0.9,"action":"route_to_refunds"}""")));
        var checkpoints = new List<(string After, bool Durable)>();
        var request = new RunRequest
        {
            RunId = "run-durable-llm",
            Trigger = TestHost.Payload("refund"),
            OnCheckpoint = (c, _) => { checkpoints.Add((c.CompletedSteps[^1].Id, c.MustBeDurable)); return ValueTask.CompletedTask; },
        };

        var trace = await host.Runner.RunAsync(host.CustomerCare, request, CancellationToken.None);

        Assert.Equal(RunStatus.Completed, trace.Status);
        Assert.Equal(["set-globals-after-api1", "set-final-context"], checkpoints.Where(c => c.Durable).Select(c => c.After));
    }

    private static string Serialize(RunCheckpoint checkpoint) => JsonSerializer.Serialize(checkpoint, WorkflowJsonContext.Default.RunCheckpoint);

    private static RunCheckpoint Deserialize(string json) => JsonSerializer.Deserialize(json, WorkflowJsonContext.Default.RunCheckpoint)!;
}

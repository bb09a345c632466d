using Aspire.Hosting.ApplicationModel;
using CustomerCareBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>An expression that never ends or allocates without bound fails its own run only; the Worker carries on.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RunawayExpressionTests(ReliabilityStackFixture stack, ITestOutputHelper output)
{
    [Theory]
    [InlineData(ReliabilityStackFixture.LoopWorkflow, "spin", "statement limit exceeded")]
    [InlineData(ReliabilityStackFixture.AllocationWorkflow, "hoard", "memory limit exceeded")]
    public async Task Runaway_expression_fails_its_run_and_the_worker_stays_healthy(string workflowId, string stepId, string expected)
    {
        var worker = await ResourceInstances.WaitAsync(stack.App, "worker", s => s.Values.Any(ResourceInstances.IsRunning),
            TimeSpan.FromSeconds(30), "the running worker");
        var pidBefore = ResourceInstances.ServiceProcessId(ResourceInstances.Pid(worker.Values.Single())!.Value, "CustomerCareBot.Worker");

        var (response, body) = await stack.Api.PostWebhookAsync(workflowId, new System.Text.Json.Nodes.JsonObject { ["anything"] = 1 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runaway = await stack.Api.WaitForRunAsync(body.GetProperty("runId").GetString()!, TimeSpan.FromSeconds(60));

        var normalId = await stack.Api.EnqueueAsync("where is my order", RunLedger.UniquePhone(71, workflowId.Length));
        var normal = await stack.Api.WaitForRunAsync(normalId, TimeSpan.FromSeconds(60));
        var health = await stack.Worker.GetAsync("/health");
        var after = await ResourceInstances.WaitAsync(stack.App, "worker", s => s.Values.Any(ResourceInstances.IsRunning),
            TimeSpan.FromSeconds(30), "the running worker");
        var pidAfter = ResourceInstances.ServiceProcessId(ResourceInstances.Pid(after.Values.Single())!.Value, "CustomerCareBot.Worker");

        output.WriteLine($"{workflowId}: status={runaway.GetProperty("status").GetString()}, reason={runaway.GetProperty("reason")}, attempts={runaway.GetProperty("attempts")}, error={runaway.GetProperty("error")}");
        output.WriteLine($"  next customer-care run: {normal.GetProperty("status").GetString()} ({normal.GetProperty("finalStatus")}); worker /health {(int)health.StatusCode}, pid {pidBefore} -> {pidAfter}, {ResourceInstances.Describe(after.Values.Single())}");

        Assert.Equal("failed", runaway.GetProperty("status").GetString());
        Assert.Equal(1, runaway.GetProperty("attempts").GetInt32()); // not transient: not delivered again
        var error = runaway.GetProperty("error").GetString()!;
        Assert.Contains($"step '{stepId}' failed", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal("completed", normal.GetProperty("status").GetString());
        Assert.Equal("order_status_returned", normal.GetProperty("finalStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(pidBefore, pidAfter);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, after.Values.Single().HealthStatus);
    }
}

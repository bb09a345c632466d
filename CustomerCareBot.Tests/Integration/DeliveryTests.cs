using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerCareBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace CustomerCareBot.Tests.Integration;

/// <summary>At-least-once delivery: dead consumers' entries are reclaimed, poison entries dead-lettered.</summary>
[Collection(StackCollection.Name)]
public sealed class DeliveryTests(StackFixture stack)
{
    private const string Stream = "ccb:runs:stream";

    [Fact]
    public async Task Entry_of_a_dead_consumer_is_reclaimed_and_resumes_after_its_checkpoint()
    {
        var phone = $"+9231{Random.Shared.Next(10_000_000, 99_999_999)}";
        var localPhone = "0" + phone[3..];
        var db = stack.Redis.GetDatabase();
        string runId;
        // Nothing else waiting, so the ghost's read below takes exactly our entry.
        await stack.WaitForEmptyBacklogAsync();
        await stack.PauseIntakeAsync();
        try
        {
            runId = await stack.Api.EnqueueAsync("where is my order", phone);

            // A consumer that reads the entry, runs four steps, saves its checkpoint, and dies before acking.
            var read = await db.StreamReadGroupAsync(Stream, "workers", "ghost-consumer", ">", 100);
            Assert.Contains(read, e => e["run"] == runId);
            await db.HashSetAsync($"ccb:run:{runId}",
            [
                new HashEntry("st", "running"),
                new HashEntry("at", 1),
                new HashEntry("sa", DateTimeOffset.UtcNow.ToString("O")),
                new HashEntry("cp", CheckpointAfterRegistration(runId, phone).ToJsonString()),
            ]);
        }
        finally
        {
            await stack.ResumeIntakeAsync();
        }

        var run = await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("order_status_returned", run.GetProperty("finalStatus").GetString());
        Assert.Equal(2, run.GetProperty("attempts").GetInt32());
        Assert.NotEqual("ghost-consumer", run.GetProperty("worker").GetString());
        // The registration result is the checkpoint's, so the step was not run again...
        Assert.Equal("From the checkpoint", run.GetProperty("globals").GetProperty("registration").GetProperty("name").GetString());
        // ...and MockApis saw no registration call for this phone, and exactly one successful orders call.
        var calls = await stack.CallsAsync();
        Assert.False(calls.GetProperty("phones").TryGetProperty(localPhone, out _), "registration was called again");
        Assert.Equal(1, calls.GetProperty("succeeded").GetProperty("phones").GetProperty(phone).GetProperty("POST /orders").GetInt64());
        Assert.Equal(9, run.GetProperty("steps").GetArrayLength());
        await stack.WaitForEmptyBacklogAsync();
    }

    [Fact]
    public async Task Run_that_keeps_failing_is_dead_lettered_and_replays_to_completion_on_retry()
    {
        var db = stack.Redis.GetDatabase();
        var deadBefore = await db.StreamLengthAsync("ccb:runs:dead");
        string runId;
        await stack.SetFaultsAsync(new { failureRate = 1.0 });
        try
        {
            runId = await stack.Api.EnqueueAsync("I want to return this");
            var failed = await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(90), "failed");

            Assert.Equal("dead-lettered", failed.GetProperty("reason").GetString());
            Assert.Equal(deadBefore + 1, await db.StreamLengthAsync("ccb:runs:dead"));
            var dead = await db.StreamRangeAsync("ccb:runs:dead", "-", "+");
            Assert.Contains(dead, e => e["run"] == runId && e["reason"] == "dead-lettered");
        }
        finally
        {
            await stack.ResetFaultsAsync();
        }

        var retry = await stack.Api.PostAsync($"/runs/{runId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);

        var run = await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("routed_to_refunds", run.GetProperty("finalStatus").GetString());
        await stack.WaitForEmptyBacklogAsync();
    }

    [Fact]
    public async Task Retrying_a_completed_run_is_a_conflict()
    {
        var runId = await stack.Api.EnqueueAsync("hello");
        await stack.Api.WaitForRunAsync(runId);
        var retry = await stack.Api.PostAsync($"/runs/{runId}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
    }

    private static JsonObject CheckpointAfterRegistration(string runId, string phone)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        JsonObject Step(string id, string name, string type) => new()
        {
            ["id"] = id, ["name"] = name, ["type"] = type, ["status"] = "completed", ["startedAt"] = now, ["durationMs"] = 1.0,
        };
        var registration = new JsonObject
        {
            ["registered"] = true, ["customerId"] = "cus_checkpoint", ["phoneNumber"] = phone, ["name"] = "From the checkpoint", ["tier"] = "gold",
        };
        return new JsonObject
        {
            ["runId"] = runId,
            ["workflowId"] = "customer-care",
            ["workflowVersion"] = 1,
            ["completedSteps"] = new JsonArray(
                Step("webhook-trigger", "Webhook Triggered", "trigger"),
                Step("initialize-globals", "Initialize Globals", "setGlobals"),
                Step("registration-api", "Registration API", "httpRequest"),
                Step("set-globals-after-api1", "Set Globals After API1", "setGlobals")),
            ["globals"] = new JsonObject
            {
                ["customer_id"] = "cust-1",
                ["customer_phone_number"] = phone,
                ["event"] = new JsonObject { ["message"] = "where is my order" },
                ["registration_response"] = registration.DeepClone(),
                ["registration"] = registration,
                ["is_registered"] = true,
                ["orders"] = null,
                ["context"] = null,
            },
            ["nextStepId"] = "orders-api",
        };
    }
}

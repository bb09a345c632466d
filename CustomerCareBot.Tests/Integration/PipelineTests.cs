using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Integration;

[Collection(StackCollection.Name)]
public sealed class PipelineTests(StackFixture stack)
{
    [Fact]
    public async Task Accepted_run_answers_202_with_location_and_status_url()
    {
        var (response, body) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("hi"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = body.GetProperty("runId").GetString();
        Assert.Equal("customer-care", body.GetProperty("workflowId").GetString());
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal($"/runs/{runId}", body.GetProperty("statusUrl").GetString());
        Assert.Equal($"/runs/{runId}", response.Headers.Location?.ToString());
        await stack.Api.WaitForRunAsync(runId!);
    }

    [Fact]
    public async Task Legacy_webhook_route_keeps_the_original_response()
    {
        using var content = new StringContent(RunClient.CustomerCarePayload("I want a refund").ToJsonString(),
            System.Text.Encoding.UTF8, "application/json");
        var response = await stack.Api.PostAsync("/webhook", content);
        var body = await RunClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var runId = body.GetProperty("runId").GetString()!;
        Assert.Equal(runId, body.GetProperty("workflow_id").GetString());
        var run = await stack.Api.WaitForRunAsync(runId);
        Assert.Equal("customer-care", run.GetProperty("workflowId").GetString());
        Assert.Equal("routed_to_refunds", run.GetProperty("finalStatus").GetString());
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_first_run_and_enqueues_nothing()
    {
        var key = $"order-{Guid.NewGuid():N}";
        var before = await RecentRunCountAsync();
        var (first, firstBody) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("refund"), key);
        var (second, secondBody) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("refund"), key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstBody.GetRawText(), secondBody.GetRawText());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before + 1, await RecentRunCountAsync());

        // The key is per workflow input, not per body: a different payload with the same key is still the first run.
        var (third, thirdBody) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("something else"), key);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        Assert.Equal(firstBody.GetProperty("runId").GetString(), thirdBody.GetProperty("runId").GetString());
        await stack.Api.WaitForRunAsync(firstBody.GetProperty("runId").GetString()!);
    }

    [Fact]
    public async Task Full_backlog_answers_503_with_retry_after_and_writes_nothing()
    {
        await stack.PauseIntakeAsync();
        try
        {
            // The fixture's Api refuses new runs once 2,000 are waiting: send until it does (bounded).
            HttpResponseMessage? refused = null;
            JsonElement problem = default;
            for (var sent = 0; refused is null && sent < 3000; sent += 100)
            {
                var batch = await Task.WhenAll(Enumerable.Range(sent, 100).Select(i =>
                    stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("fill", $"+92301{i:D7}"))));
                (refused, problem) = batch.FirstOrDefault(r => r.Response.StatusCode != HttpStatusCode.Accepted);
            }

            Assert.NotNull(refused);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());

            var runsBefore = await RecentRunCountAsync();
            var (response, _) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("one too many"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(runsBefore, await RecentRunCountAsync());
            Assert.True(await stack.BacklogAsync() >= 2000);
        }
        finally
        {
            await stack.ResumeIntakeAsync();
        }

        await stack.WaitForEmptyBacklogAsync();
    }

    [Fact]
    public async Task Cancelled_queued_run_never_starts()
    {
        string runId;
        await stack.PauseIntakeAsync();
        try
        {
            runId = await stack.Api.EnqueueAsync("where is my order");
            var cancel = await stack.Api.PostAsync($"/runs/{runId}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }
        finally
        {
            await stack.ResumeIntakeAsync();
        }

        await stack.WaitForEmptyBacklogAsync();
        var run = await stack.Api.GetRunAsync(runId);
        Assert.Equal("cancelled", run!.Value.GetProperty("status").GetString());
        Assert.Equal(0, run.Value.GetProperty("attempts").GetInt32());
        Assert.Null(run.Value.GetProperty("startedAt").GetString());
    }

    [Fact]
    public async Task Cancelled_running_run_stops_between_steps()
    {
        await stack.SetFaultsAsync(new { latencyMs = 1500 });
        try
        {
            var runId = await stack.Api.EnqueueAsync("where is my order");
            await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(30), "running");
            var cancel = await stack.Api.PostAsync($"/runs/{runId}/cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

            var run = await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(30));
            Assert.Equal("cancelled", run.GetProperty("status").GetString());
            Assert.True(run.GetProperty("steps").GetArrayLength() < 9, "a cancelled run does not reach terminate");
        }
        finally
        {
            await stack.ResetFaultsAsync();
        }
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_a_conflict()
    {
        var runId = await stack.Api.EnqueueAsync("hello");
        await stack.Api.WaitForRunAsync(runId);
        var cancel = await stack.Api.PostAsync($"/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_run_is_404_problem()
    {
        var response = await stack.Api.GetAsync("/runs/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Recent_runs_can_be_listed_and_filtered()
    {
        var runId = await stack.Api.EnqueueAsync("refund please");
        await stack.Api.WaitForRunAsync(runId);

        var list = await RunClient.ReadJsonAsync(await stack.Api.GetAsync("/runs?workflowId=customer-care&status=completed&limit=500"));
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
        Assert.All(list.EnumerateArray(), r => Assert.Equal("completed", r.GetProperty("status").GetString()));

        var bad = await stack.Api.GetAsync("/runs?status=bogus");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Many_runs_are_looked_up_in_one_request_and_bad_lookups_say_what_is_wrong()
    {
        var refund = await stack.Api.EnqueueAsync("I want a refund");
        var status = await stack.Api.EnqueueAsync("where is my order");
        await stack.Api.WaitForRunAsync(refund);
        await stack.Api.WaitForRunAsync(status);

        using var found = await stack.Api.PostAsJsonAsync("/runs/lookup", new { runIds = new[] { status, "no-such-run", refund } });
        var lines = (await RunClient.ReadJsonAsync(found)).EnumerateArray().ToList();
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal([status, refund], lines.Select(l => l.GetProperty("runId").GetString()));
        Assert.All(lines, l =>
        {
            Assert.Equal("completed", l.GetProperty("status").GetString());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
            Assert.True(l.GetProperty("createdAt").GetDateTimeOffset() <= l.GetProperty("startedAt").GetDateTimeOffset());
            Assert.True(l.GetProperty("startedAt").GetDateTimeOffset() <= l.GetProperty("completedAt").GetDateTimeOffset());
        });
        Assert.Equal(["order_status_returned", "routed_to_refunds"], lines.Select(l => l.GetProperty("finalStatus").GetString()));

        foreach (var (body, field) in new[]
                 {
                     ("""{"runIds":[]}""", "body:runIds"),
                     (JsonSerializer.Serialize(new { runIds = Enumerable.Repeat("r", 1001) }), "body:runIds"),
                     ("""{"runIds":["ok",""]}""", "body:runIds[1]"),
                     ("""{"runIds":"not-a-list"}""", "body:$.runIds"),
                 })
        {
            using var bad = await stack.Api.PostAsync("/runs/lookup", new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await RunClient.ReadJsonAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        using var text = await stack.Api.PostAsync("/runs/lookup", new StringContent(refund));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Run_diagram_marks_the_taken_path()
    {
        var runId = await stack.Api.EnqueueAsync("I want a refund");
        await stack.Api.WaitForRunAsync(runId);
        var response = await stack.Api.GetAsync($"/runs/{runId}/diagram");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("flowchart", text.TrimStart(), StringComparison.Ordinal);

        var tree = await stack.Api.GetStringAsync($"/runs/{runId}/diagram?format=text");
        Assert.Contains("terminate-refunds", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("terminate-order-status", tree.Split('\n').Where(l => l.Contains('✓') || l.Contains("[x]")), StringComparer.Ordinal);
    }

    [Fact]
    public async Task Completed_run_document_has_the_full_shape()
    {
        var runId = await stack.Api.EnqueueAsync("what is the status of my order");
        var run = await stack.Api.WaitForRunAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("order_status_returned", run.GetProperty("finalStatus").GetString());
        foreach (var field in new[] { "createdAt", "startedAt", "completedAt" })
        {
            Assert.NotNull(run.GetProperty(field).GetString());
        }

        Assert.Equal(JsonValueKindObject, run.GetProperty("globals").ValueKind);
        var steps = run.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        Assert.Equal("webhook-trigger", steps[0].GetProperty("id").GetString());
    }

    private const JsonValueKind JsonValueKindObject = JsonValueKind.Object;

    private Task<long> RecentRunCountAsync() => stack.Redis.GetDatabase().SortedSetLengthAsync("ccb:runs:recent");
}

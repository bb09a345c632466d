using System.Text;
using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Integration;

/// <summary>Every refusal is a 4xx problem details that says what and where, and stores nothing.</summary>
[Collection(StackCollection.Name)]
public sealed class BadInputTests(StackFixture stack)
{
    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "customer-care", "application/json", "{not json", 400, "body" },
        { "customer-care", "application/json", "", 400, "body" },
        { "customer-care", "application/json", "[1,2,3]", 400, "body" },
        { "customer-care", "application/json", "\"just a string\"", 400, "body" },
        { "customer-care", "text/plain", "{\"customer_id\":\"1\"}", 415, "header:Content-Type" },
        { "customer-care", "application/json", "{}", 400, "customer_id" },
        { "customer-care", "application/json", "{\"customer_id\":\"c\",\"customer_phone_number\":\"+92300\"}", 400, "event" },
        { "customer-care", "application/json", "{\"customer_id\":\"c\",\"customer_phone_number\":\"+92300\",\"event\":{}}", 400, "event.message" },
        { "customer-care", "application/json", "{\"customer_id\":42,\"customer_phone_number\":\"+92300\",\"event\":{\"message\":\"hi\"}}", 400, "customer_id" },
        { "customer-care", "application/json", "{\"customer_id\":\"c\",\"customer_phone_number\":\"+92300\",\"event\":\"refund\"}", 400, "event" },
        { "customer-care", "application/json", new string('[', 200) + new string(']', 200), 400, "body" },
        { "no-such-workflow", "application/json", "{}", 404, "route:workflowId" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_webhook_is_refused_with_problem_details_and_nothing_is_stored(
        string workflowId, string contentType, string body, int status, string field)
    {
        var before = await RecentRunCountAsync();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        var response = await stack.Api.PostAsync($"/webhooks/{workflowId}", content);
        var problem = await RunClient.ReadJsonAsync(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var named = problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name).ToList()
            : [problem.GetProperty("field").GetString()!];
        Assert.Contains(field, named);
        Assert.Equal(before, await RecentRunCountAsync());
    }

    [Fact]
    public async Task Body_over_256_KB_is_413()
    {
        var before = await RecentRunCountAsync();
        var payload = RunClient.CustomerCarePayload(new string('x', 300 * 1024));
        var (response, problem) = await stack.Api.PostWebhookAsync("customer-care", payload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Equal(before, await RecentRunCountAsync());
    }

    [Theory]
    [InlineData(300)]
    [InlineData(0)]
    public async Task Bad_idempotency_key_is_400(int length)
    {
        var key = length == 0 ? "has space" : new string('k', length);
        var before = await RecentRunCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/customer-care")
        {
            Content = new StringContent(RunClient.CustomerCarePayload("hi").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await stack.Api.SendAsync(request);
        var problem = await RunClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("header:Idempotency-Key", problem.GetProperty("field").GetString());
        Assert.Equal(before, await RecentRunCountAsync());
    }

    [Fact]
    public async Task Odd_unicode_in_valid_fields_is_accepted_and_completes()
    {
        var payload = RunClient.CustomerCarePayload("refund 🙂 \u202e\u0000 ünïcödé \ud83d\ude00", customerId: "客户-1");
        var (response, body) = await stack.Api.PostWebhookAsync("customer-care", payload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await stack.Api.WaitForRunAsync(body.GetProperty("runId").GetString()!);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("routed_to_refunds", run.GetProperty("finalStatus").GetString());
    }

    private Task<long> RecentRunCountAsync() => stack.Redis.GetDatabase().SortedSetLengthAsync("ccb:runs:recent");
}

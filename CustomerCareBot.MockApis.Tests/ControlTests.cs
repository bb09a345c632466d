namespace CustomerCareBot.MockApis.Tests;

public sealed class ControlTests(MockApisFactory factory) : MockApisTestBase<MockApisFactory>(factory)
{
    [Fact]
    public async Task Faults_start_at_the_configured_defaults()
    {
        var faults = await ReadJsonAsync(await Anonymous.GetAsync("/control/faults"));

        Assert.Equal(0, faults.GetProperty("latencyMs").GetInt32());
        Assert.Equal(0, faults.GetProperty("jitterMs").GetInt32());
        Assert.Equal(0, faults.GetProperty("failureRate").GetDouble());
        Assert.False(faults.GetProperty("down").GetBoolean());
    }

    [Fact]
    public async Task Put_changes_faults_live_get_shows_them_and_delete_restores_the_defaults()
    {
        var put = await Anonymous.PutAsync("/control/faults", JsonContent("""{"latencyMs":250,"jitterMs":50,"failureRate":0.25}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var partial = await Anonymous.PutAsync("/control/faults", JsonContent("""{"jitterMs":10}"""));
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);

        var faults = await ReadJsonAsync(await Anonymous.GetAsync("/control/faults"));
        Assert.Equal(250, faults.GetProperty("latencyMs").GetInt32());
        Assert.Equal(10, faults.GetProperty("jitterMs").GetInt32());
        Assert.Equal(0.25, faults.GetProperty("failureRate").GetDouble());

        await Anonymous.PostAsync("/control/down", null);
        var reset = await Anonymous.DeleteAsync("/control/faults");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        faults = await ReadJsonAsync(await Anonymous.GetAsync("/control/faults"));
        Assert.Equal(0, faults.GetProperty("latencyMs").GetInt32());
        Assert.Equal(0, faults.GetProperty("jitterMs").GetInt32());
        Assert.Equal(0, faults.GetProperty("failureRate").GetDouble());
        Assert.False(faults.GetProperty("down").GetBoolean());
    }

    [Theory]
    [InlineData("""{"latencyMs":-1}""", "latencyMs")]
    [InlineData("""{"latencyMs":600001}""", "latencyMs")]
    [InlineData("""{"jitterMs":-5}""", "jitterMs")]
    [InlineData("""{"failureRate":1.5}""", "failureRate")]
    [InlineData("""{"failureRate":-0.1}""", "failureRate")]
    [InlineData("""{"failureRate":"high"}""", "body")]
    [InlineData("not json", "body")]
    public async Task Put_rejects_out_of_range_values_and_changes_nothing(string body, string field)
    {
        var response = await Anonymous.PutAsync("/control/faults", JsonContent(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var faults = await ReadJsonAsync(await Anonymous.GetAsync("/control/faults"));
        Assert.Equal(0, faults.GetProperty("latencyMs").GetInt32());
        Assert.Equal(0, faults.GetProperty("failureRate").GetDouble());
    }

    [Fact]
    public async Task Calls_are_counted_per_route_and_per_phone_with_successes_apart()
    {
        await Client.GetAsync("/registration/5551234567");
        await Client.GetAsync("/registration/5551234567");
        await Client.GetAsync("/registration/5551234560"); // 404
        await Anonymous.GetAsync("/registration/5551234567"); // 401
        await PostOrdersAsync("5551234567");
        await PostOrdersAsync(null); // 400, no phone
        await Client.PostAsync("/v1/chat/completions", JsonContent("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));
        await Anonymous.GetAsync("/health"); // not counted

        var calls = await GetCallsAsync();

        Assert.Equal(7, calls.GetProperty("total").GetInt64());
        AssertRoutes(calls.GetProperty("routes"), registration: 4, orders: 2, chat: 1);
        AssertPhone(calls.GetProperty("phones"), "5551234567", registration: 3, orders: 1);
        AssertPhone(calls.GetProperty("phones"), "5551234560", registration: 1, orders: 0);

        var succeeded = calls.GetProperty("succeeded");
        Assert.Equal(4, succeeded.GetProperty("total").GetInt64());
        AssertRoutes(succeeded.GetProperty("routes"), registration: 2, orders: 1, chat: 1);
        AssertPhone(succeeded.GetProperty("phones"), "5551234567", registration: 2, orders: 1);
        AssertPhone(succeeded.GetProperty("phones"), "5551234560", registration: 0, orders: 0);
        Assert.False(calls.GetProperty("phonesTruncated").GetBoolean());
    }

    [Fact]
    public async Task Calls_can_be_reset()
    {
        await Client.GetAsync("/registration/5551234567");
        await PostOrdersAsync("5551234567");

        var reset = await Anonymous.DeleteAsync("/control/calls");
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        var calls = await GetCallsAsync();
        Assert.Equal(0, calls.GetProperty("total").GetInt64());
        AssertRoutes(calls.GetProperty("routes"), 0, 0, 0);
        Assert.Empty(calls.GetProperty("phones").EnumerateObject());
        Assert.Equal(0, calls.GetProperty("succeeded").GetProperty("total").GetInt64());
        Assert.Empty(calls.GetProperty("succeeded").GetProperty("phones").EnumerateObject());
    }

    [Fact]
    public async Task Counters_are_exact_under_concurrent_requests()
    {
        const int PerPhone = 25;
        string[] phones = ["5550000001", "5550000002", "5550000003", "5550000004"];

        await Task.WhenAll(phones.SelectMany(phone => Enumerable.Range(0, PerPhone).Select(async _ =>
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/registration/" + phone)).StatusCode);
        })));

        var calls = await GetCallsAsync();
        Assert.Equal(phones.Length * PerPhone, calls.GetProperty("routes").GetProperty("GET /registration").GetInt64());
        foreach (var phone in phones)
        {
            AssertPhone(calls.GetProperty("succeeded").GetProperty("phones"), phone, PerPhone, 0);
        }
    }

    [Fact]
    public async Task Control_endpoints_need_no_token_and_openapi_documents_every_route()
    {
        var response = await Anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await ReadJsonAsync(response)).GetProperty("paths");
        foreach (var path in new[] { "/registration/{phone}", "/orders", "/v1/chat/completions", "/control/faults", "/control/down", "/control/up", "/control/calls" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.True(paths.GetProperty("/orders").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    private static void AssertRoutes(JsonElement routes, long registration, long orders, long chat)
    {
        Assert.Equal(registration, routes.GetProperty("GET /registration").GetInt64());
        Assert.Equal(orders, routes.GetProperty("POST /orders").GetInt64());
        Assert.Equal(chat, routes.GetProperty("POST /v1/chat/completions").GetInt64());
    }

    private static void AssertPhone(JsonElement phones, string phone, long registration, long orders)
    {
        var counts = phones.GetProperty(phone);
        Assert.Equal(registration, counts.GetProperty("GET /registration").GetInt64());
        Assert.Equal(orders, counts.GetProperty("POST /orders").GetInt64());
    }
}

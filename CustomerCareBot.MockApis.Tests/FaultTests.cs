namespace CustomerCareBot.MockApis.Tests;

public sealed class FaultTests(MockApisFactory factory) : MockApisTestBase<MockApisFactory>(factory)
{
    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(429)]
    public async Task X_Mock_Status_forces_that_status_as_problem_details_on_every_mocked_route(int status)
    {
        foreach (var request in MockedRequests())
        {
            request.Headers.Add("X-Mock-Status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await AssertProblemAsync(await Client.SendAsync(request), (HttpStatusCode)status);
        }
    }

    [Fact]
    public async Task X_Mock_Status_outside_the_error_range_is_ignored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/5551234567");
        request.Headers.Add("X-Mock-Status", "200x");

        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Failure_rate_one_fails_every_mocked_route_with_503_but_not_health_or_control()
    {
        (await Anonymous.PutAsync("/control/faults", JsonContent("""{"failureRate":1.0}"""))).EnsureSuccessStatusCode();

        foreach (var request in MockedRequests())
        {
            await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.ServiceUnavailable);
        }

        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/control/faults")).StatusCode);
    }

    [Fact]
    public async Task Down_answers_503_everywhere_until_up()
    {
        var down = await ReadJsonAsync(await Anonymous.PostAsync("/control/down", null));
        Assert.True(down.GetProperty("down").GetBoolean());

        foreach (var request in MockedRequests())
        {
            var problem = await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("down", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/health")).StatusCode);
        Assert.True((await ReadJsonAsync(await Anonymous.GetAsync("/control/faults"))).GetProperty("down").GetBoolean());

        var up = await ReadJsonAsync(await Anonymous.PostAsync("/control/up", null));
        Assert.False(up.GetProperty("down").GetBoolean());
        foreach (var request in MockedRequests())
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task Latency_setting_and_header_delay_the_answer_by_their_sum()
    {
        (await Anonymous.PutAsync("/control/faults", JsonContent("""{"latencyMs":7}"""))).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/5551234567");
        request.Headers.Add("X-Mock-Latency-Ms", "4");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Factory.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(11));
    }

    [Fact]
    public async Task Latency_honours_the_client_aborting()
    {
        using var cts = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/5551234999");
        request.Headers.Add(RequestLog.IdHeader, "latency-abort");
        request.Headers.Add("X-Mock-Latency-Ms", RecordingTimeProvider.HeldDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var send = Client.SendAsync(request, cts.Token);
        await Factory.Clock.WaitForTimerAsync(RecordingTimeProvider.HeldDelay);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        var completed = await Factory.Requests.WaitForAsync("latency-abort");
        Assert.True(completed.Aborted);
        Assert.Equal(0, Factory.Clock.HeldTimersFired); // it ended by the abort, not by waiting the delay out
    }

    [Fact]
    public async Task Faulted_requests_are_counted_but_not_as_succeeded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/5551234567");
        request.Headers.Add("X-Mock-Status", "500");
        await Client.SendAsync(request);
        await Client.GetAsync("/registration/5551234567");

        var calls = await GetCallsAsync();

        Assert.Equal(2, calls.GetProperty("phones").GetProperty("5551234567").GetProperty("GET /registration").GetInt64());
        Assert.Equal(1, calls.GetProperty("succeeded").GetProperty("phones").GetProperty("5551234567").GetProperty("GET /registration").GetInt64());
    }

    private static List<HttpRequestMessage> MockedRequests() =>
    [
        new(HttpMethod.Get, "/registration/5551234567"),
        new(HttpMethod.Post, "/orders") { Content = JsonContent("""{"store_number":"5551234567"}""") },
        new(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""") },
    ];
}

/// <summary>Faults configured at start rather than through /control.</summary>
public sealed class ConfiguredFailureFactory : MockApisFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["FailureRate"] = "1" };
}

public sealed class ConfiguredFaultTests(ConfiguredFailureFactory factory) : MockApisTestBase<ConfiguredFailureFactory>(factory)
{
    [Fact]
    public async Task Configured_failure_rate_one_answers_503_and_is_the_reset_target()
    {
        await AssertProblemAsync(await Client.GetAsync("/registration/5551234567"), HttpStatusCode.ServiceUnavailable);

        (await Anonymous.PutAsync("/control/faults", JsonContent("""{"failureRate":0}"""))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/registration/5551234567")).StatusCode);

        var reset = await ReadJsonAsync(await Anonymous.DeleteAsync("/control/faults"));
        Assert.Equal(1.0, reset.GetProperty("failureRate").GetDouble());
        await AssertProblemAsync(await Client.GetAsync("/registration/5551234567"), HttpStatusCode.ServiceUnavailable);
    }
}

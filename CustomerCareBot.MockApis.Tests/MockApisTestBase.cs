using System.Net.Http.Headers;

namespace CustomerCareBot.MockApis.Tests;

/// <summary>Resets faults and call counters of the class's server before every test.</summary>
public abstract class MockApisTestBase<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : MockApisFactory
{
    protected TFactory Factory { get; } = factory;

    protected HttpClient Client { get; } = factory.CreateAuthorizedClient();

    protected HttpClient Anonymous { get; } = factory.CreateClient();

    public virtual async Task InitializeAsync()
    {
        (await Anonymous.DeleteAsync("/control/faults")).EnsureSuccessStatusCode();
        (await Anonymous.DeleteAsync("/control/calls")).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem details answer with this status and returns its body.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    protected Task<HttpResponseMessage> PostOrdersAsync(string? phone, HttpClient? client = null) =>
        (client ?? Client).PostAsync("/orders", JsonContent(phone is null ? "{}" : JsonSerializer.Serialize(new Dictionary<string, string> { ["store_number"] = phone })));

    protected static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    protected async Task<JsonElement> GetCallsAsync()
    {
        var response = await Anonymous.GetAsync("/control/calls");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }
}

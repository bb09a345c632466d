using CustomerCareBot.Tests.Infrastructure;
using static CustomerCareBot.Tests.Security.SecurityStackFixture;

namespace CustomerCareBot.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class RateLimitTests(SecurityStackFixture stack)
{
    [Fact]
    public async Task A_burst_from_one_client_gets_429_with_retry_after_and_other_clients_do_not()
    {
        // The fixture allows 50 at once and 5 more per second per client; this client (its own API key) sends
        // concurrent batches until it is refused (bounded). The bodies fail validation, so nothing is enqueued.
        HttpResponseMessage? refused = null;
        var sent = 0;
        while (refused is null && sent < 400)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, 2 * Burst).Select(_ =>
                stack.Api.SendAsync(WebhookSigner.Request($"/webhooks/{KeyedWorkflowId}", "{}", apiKey: BurstApiKey))));
            sent += batch.Length;
            Assert.All(batch, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }));
            refused = batch.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var problem = await RunClient.ReadJsonAsync(refused);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());

        // Another client's bucket is untouched.
        using var other = await stack.Api.SendAsync(WebhookSigner.Request($"/webhooks/{KeyedWorkflowId}", "{}", apiKey: SecondApiKey));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        using var operatorRead = await stack.Operator.GetAsync("/workflows");
        Assert.Equal(HttpStatusCode.OK, operatorRead.StatusCode);
    }
}

using CustomerCareBot.Tests.Infrastructure;
using static CustomerCareBot.Tests.Security.SecurityStackFixture;

namespace CustomerCareBot.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class OperatorKeyTests(SecurityStackFixture stack)
{
    public static TheoryData<string> ReadEndpoints => ["/runs", "/runs?limit=5", "/workflows", "/workflows/customer-care", "/workflows/customer-care/diagram"];

    [Theory]
    [MemberData(nameof(ReadEndpoints))]
    public async Task Read_endpoints_require_the_operator_key(string path)
    {
        using var anonymous = await stack.Api.GetAsync(path);
        var missing = await RunClient.ReadJsonAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("header:X-Operator-Key", missing.GetProperty("field").GetString());

        var guess = $"opkey-guess-{Guid.NewGuid():N}";
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, path);
        wrongRequest.Headers.Add("X-Operator-Key", guess);
        using var wrong = await stack.Api.SendAsync(wrongRequest);
        var wrongBody = await wrong.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(guess, wrongBody, StringComparison.Ordinal);
        Assert.DoesNotContain(OperatorKey, wrongBody, StringComparison.Ordinal);

        using var authorised = await stack.Operator.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
    }

    [Fact]
    public async Task Run_reads_and_changes_need_the_key_too()
    {
        var body = WebhookSigner.UniquePayload();
        using var accepted = await stack.Api.SendAsync(WebhookSigner.Request("/webhooks/customer-care", body,
            WebhookSigner.Sign(body, WebhookSigner.Now, CurrentSecret)));
        var runId = (await RunClient.ReadJsonAsync(accepted)).GetProperty("runId").GetString()!;

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/runs/{runId}"), (HttpMethod.Get, $"/runs/{runId}/diagram"),
                     (HttpMethod.Post, $"/runs/{runId}/cancel"), (HttpMethod.Post, $"/runs/{runId}/retry"), (HttpMethod.Post, "/runs/lookup") })
        {
            using var response = await stack.Api.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await stack.Operator.WaitForRunAsync(runId);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/openapi/v1.json")]
    public async Task Probes_and_the_openapi_document_stay_open(string path)
    {
        using var response = await stack.Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

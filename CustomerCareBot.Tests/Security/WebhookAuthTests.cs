using System.Text.Json;
using CustomerCareBot.Tests.Infrastructure;
using static CustomerCareBot.Tests.Security.SecurityStackFixture;

namespace CustomerCareBot.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class WebhookAuthTests(SecurityStackFixture stack)
{
    private const string Path = "/webhooks/customer-care";

    [Fact]
    public async Task Signed_request_is_accepted_and_its_run_completes()
    {
        var body = WebhookSigner.UniquePayload();
        var before = await stack.RecentRunCountAsync();

        using var response = await stack.Api.SendAsync(WebhookSigner.Request(Path, body, WebhookSigner.Sign(body, WebhookSigner.Now, CurrentSecret)));
        var accepted = await RunClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, await stack.RecentRunCountAsync());
        var run = await stack.Operator.WaitForRunAsync(accepted.GetProperty("runId").GetString()!);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("order_status_returned", run.GetProperty("finalStatus").GetString());
    }

    public static TheoryData<string> Forgeries => ["missing", "malformed", "wrong-secret", "expired", "future", "tampered", "unsigned-hex"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Forged_or_stale_signature_is_refused_with_401_and_nothing_is_enqueued(string forgery)
    {
        var body = WebhookSigner.UniquePayload();
        var now = WebhookSigner.Now;
        var (sent, signature) = forgery switch
        {
            "missing" => (body, (string?)null),
            "malformed" => (body, $"v1={WebhookSigner.Signature(CurrentSecret, now, body)}"),
            "wrong-secret" => (body, WebhookSigner.Sign(body, now, "whsec-someone-else-0000000000000000")),
            "expired" => (body, WebhookSigner.Sign(body, now - 600, CurrentSecret)),
            "future" => (body, WebhookSigner.Sign(body, now + 600, CurrentSecret)),
            "tampered" => (body.Replace("where is my order", "I want a refund", StringComparison.Ordinal), WebhookSigner.Sign(body, now, CurrentSecret)),
            _ => (body, $"t={now},v1={new string('0', 64)}"),
        };

        await AssertRefusedAsync(Path, sent, signature, apiKey: null, "header:X-CCB-Signature");
    }

    [Fact]
    public async Task Replayed_signature_is_refused_even_with_another_secrets_v1()
    {
        var body = WebhookSigner.UniquePayload();
        var now = WebhookSigner.Now;
        var bothSecrets = WebhookSigner.Sign(body, now, CurrentSecret, OldSecret);

        using var first = await stack.Api.SendAsync(WebhookSigner.Request(Path, body, bothSecrets));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        var problem = await AssertRefusedAsync(Path, body, bothSecrets, apiKey: null, "header:X-CCB-Signature");
        Assert.Equal("Signature already used", problem.GetProperty("title").GetString());
        // Dropping the v1 that matched first does not make it a new request.
        await AssertRefusedAsync(Path, body, WebhookSigner.Sign(body, now, OldSecret), apiKey: null, "header:X-CCB-Signature");
    }

    [Fact]
    public async Task Old_and_new_secrets_are_both_accepted_while_both_are_configured()
    {
        foreach (var secrets in new[] { new[] { CurrentSecret }, [OldSecret], [OldSecret, CurrentSecret], ["whsec-retired-00000000000000000000", CurrentSecret] })
        {
            var body = WebhookSigner.UniquePayload("hello");
            using var response = await stack.Api.SendAsync(WebhookSigner.Request(Path, body, WebhookSigner.Sign(body, WebhookSigner.Now, secrets)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    [Fact]
    public async Task Api_key_workflow_accepts_its_keys_and_refuses_anything_else()
    {
        var path = $"/webhooks/{KeyedWorkflowId}";
        foreach (var key in new[] { ApiKey, SecondApiKey })
        {
            using var response = await stack.Api.SendAsync(WebhookSigner.Request(path, WebhookSigner.UniquePayload(), apiKey: key));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var wrongKey = $"apikey-guess-{Guid.NewGuid():N}";
        var body = WebhookSigner.UniquePayload();
        await AssertRefusedAsync(path, body, signature: null, apiKey: null, "header:X-Api-Key");
        var problem = await AssertRefusedAsync(path, body, signature: null, apiKey: wrongKey, "header:X-Api-Key");
        Assert.DoesNotContain(wrongKey, problem.GetRawText(), StringComparison.Ordinal);
        // A valid signature is not what this workflow asks for.
        await AssertRefusedAsync(path, body, WebhookSigner.Sign(body, WebhookSigner.Now, CurrentSecret), apiKey: null, "header:X-Api-Key");
        // And its key does not open the signed workflows.
        await AssertRefusedAsync(Path, body, signature: null, apiKey: ApiKey, "header:X-CCB-Signature");
    }

    [Fact]
    public async Task Legacy_webhook_route_follows_the_same_rules()
    {
        var body = WebhookSigner.UniquePayload("I want a refund");
        await AssertRefusedAsync("/webhook", body, signature: null, apiKey: null, "header:X-CCB-Signature");
        await AssertRefusedAsync("/webhook", body, WebhookSigner.Sign(body, WebhookSigner.Now - 600, CurrentSecret), apiKey: null, "header:X-CCB-Signature");

        using var response = await stack.Api.SendAsync(WebhookSigner.Request("/webhook", body, WebhookSigner.Sign(body, WebhookSigner.Now, CurrentSecret)));
        var accepted = await RunClient.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var run = await stack.Operator.WaitForRunAsync(accepted.GetProperty("runId").GetString()!);
        Assert.Equal("routed_to_refunds", run.GetProperty("finalStatus").GetString());
    }

    [Fact]
    public async Task Signature_is_checked_before_the_body_is_parsed()
    {
        // Malformed JSON from a stranger is a 401, not a parser error message.
        const string broken = """{"customer_id": """;
        await AssertRefusedAsync(Path, broken, WebhookSigner.Sign(broken, WebhookSigner.Now, "whsec-someone-else-0000000000000000"),
            apiKey: null, "header:X-CCB-Signature");

        using var signed = await stack.Api.SendAsync(WebhookSigner.Request(Path, broken, WebhookSigner.Sign(broken, WebhookSigner.Now, CurrentSecret)));
        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
    }

    [Fact]
    public async Task Oversized_headers_are_refused_by_kestrel_with_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 20 * 1024));

        using var response = await stack.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    private async Task<JsonElement> AssertRefusedAsync(string path, string body, string? signature, string? apiKey, string field)
    {
        var before = await stack.RecentRunCountAsync();

        using var response = await stack.Api.SendAsync(WebhookSigner.Request(path, body, signature, apiKey));
        var problem = await RunClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(before, await stack.RecentRunCountAsync());
        foreach (var secret in AllSecrets)
        {
            Assert.DoesNotContain(secret, problem.GetRawText(), StringComparison.Ordinal);
        }

        return problem;
    }
}

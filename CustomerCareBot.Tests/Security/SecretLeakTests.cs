using System.Text;
using CustomerCareBot.Tests.Infrastructure;
using static CustomerCareBot.Tests.Security.SecurityStackFixture;

namespace CustomerCareBot.Tests.Security;

[Collection(SecurityCollection.Name)]
public sealed class SecretLeakTests(SecurityStackFixture stack)
{
    [Fact]
    public async Task Secrets_appear_in_neither_logs_nor_run_documents()
    {
        // Runs through both kinds of authentication; each calls MockApis with the access token in Authorization.
        var signedBody = WebhookSigner.UniquePayload("where is my order");
        using var signed = await stack.Api.SendAsync(WebhookSigner.Request("/webhooks/customer-care", signedBody,
            WebhookSigner.Sign(signedBody, WebhookSigner.Now, CurrentSecret, OldSecret)));
        using var keyed = await stack.Api.SendAsync(WebhookSigner.Request($"/webhooks/{KeyedWorkflowId}", WebhookSigner.UniquePayload("refund please"),
            apiKey: ApiKey));
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, keyed.StatusCode);
        // Refused attempts carrying real secrets in the wrong place must not be echoed or logged either.
        using var misplaced = await stack.Api.SendAsync(WebhookSigner.Request("/webhooks/customer-care", signedBody, signature: OperatorKey, apiKey: ApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, misplaced.StatusCode);

        var runIds = new[] { signed, keyed }.Select(r => r.Headers.Location!.ToString().Split('/')[^1]).ToList();
        foreach (var runId in runIds)
        {
            var run = await stack.Operator.WaitForRunAsync(runId);
            Assert.Equal("completed", run.GetProperty("status").GetString());

            // The document the Api serves, and every field of the hash behind it.
            var document = await (await stack.Operator.GetAsync($"/runs/{runId}")).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
            var hash = await stack.Redis.GetDatabase().HashGetAllAsync($"ccb:run:{runId}");
            Assert.NotEmpty(hash);
            var stored = string.Join("\n", hash.Select(e => $"{e.Name}={e.Value}"));
            AssertNoSecret(document, $"run document {runId}");
            AssertNoSecret(stored, $"run hash {runId}");
        }

        // Incoming requests and outgoing calls are logged at their most verbose in this fixture. The Api's output
        // arrives in order, so once a marker request made now is in it, so is everything the Api logged above.
        var marker = $"leak-check-{Guid.NewGuid():N}";
        (await stack.Api.GetAsync($"/alive?{marker}")).EnsureSuccessStatusCode();
        var log = await Poll.UntilAsync(ReadLogAsync, text => LoggedBy(text, "api", marker),
            TimeSpan.FromSeconds(30), "the Api's marker request in the captured logs");
        Assert.True(LoggedBy(log, "api", "POST"), "the Api's request log lines were captured");
        AssertNoSecret(log, "captured resource logs");
    }

    private Task<string> ReadLogAsync() => Task.FromResult(stack.LogCapture.ReadAll());

    private static bool LoggedBy(string text, string resource, string value) =>
        text.Split('\n').Any(line => line.StartsWith($"[{resource}-", StringComparison.Ordinal) && line.Contains(value, StringComparison.Ordinal));

    private static void AssertNoSecret(string text, string where)
    {
        foreach (var secret in AllSecrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..8]}...) appears in the {where}.");
        }
    }
}

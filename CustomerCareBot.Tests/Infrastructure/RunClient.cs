using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Tests.Infrastructure;

/// <summary>What the tests do with the Api: send triggers, read runs, wait for them to end.</summary>
public static class RunClient
{
    private static readonly string[] Terminal = ["completed", "failed", "cancelled"];

    public static JsonObject CustomerCarePayload(string message, string phone = "+923001234567", string customerId = "cust-1") => new()
    {
        ["customer_id"] = customerId,
        ["customer_phone_number"] = phone,
        ["event"] = new JsonObject { ["message"] = message },
    };

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostWebhookAsync(
        this HttpClient api, string workflowId, JsonNode payload, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{workflowId}")
        {
            Content = new StringContent(payload.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await api.SendAsync(request);
        return (response, await ReadJsonAsync(response));
    }

    public static async Task<string> EnqueueAsync(this HttpClient api, string message, string phone = "+923001234567")
    {
        var (response, body) = await api.PostWebhookAsync("customer-care", CustomerCarePayload(message, phone));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return body.GetProperty("runId").GetString()!;
    }

    public static async Task<JsonElement?> GetRunAsync(this HttpClient api, string runId)
    {
        var response = await api.GetAsync($"/runs/{runId}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync(response.EnsureSuccessStatusCode());
    }

    public static Task<JsonElement> WaitForRunAsync(this HttpClient api, string runId, TimeSpan? timeout = null, params string[] statuses) =>
        Poll.UntilAsync(
            async () => await api.GetRunAsync(runId) ?? default,
            run => run.ValueKind == JsonValueKind.Object
                   && (statuses.Length == 0 ? Terminal : statuses).Contains(run.GetProperty("status").GetString()),
            timeout ?? TimeSpan.FromSeconds(60),
            $"run {runId} to reach {(statuses.Length == 0 ? "a terminal state" : string.Join("/", statuses))}");

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string ExpectedFinalStatus(string message)
    {
        var m = message.ToLowerInvariant();
        if (m.Contains("refund") || m.Contains("return"))
        {
            return "routed_to_refunds";
        }

        return m.Contains("status") || m.Contains("where is my order") ? "order_status_returned" : "auto_responded";
    }
}

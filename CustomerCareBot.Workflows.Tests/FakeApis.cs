using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows.Tests;

/// <summary>Serves the registration/orders contract in memory and records what it was sent.</summary>
internal sealed class FakeApis : HttpMessageHandler
{
    public int RegistrationCalls;
    public int OrdersCalls;
    public HttpStatusCode RegistrationStatus { get; set; } = HttpStatusCode.OK;
    public HttpStatusCode OrdersStatus { get; set; } = HttpStatusCode.OK;
    public List<string> RequestedUris { get; } = [];
    public List<string?> Authorizations { get; } = [];
    public string? LastOrdersBody { get; private set; }

    /// <summary>When set, the registration call waits for cancellation after signalling <see cref="RegistrationEntered"/>.</summary>
    public bool BlockRegistration { get; set; }
    public TaskCompletionSource RegistrationEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (RequestedUris)
        {
            RequestedUris.Add(request.RequestUri!.ToString());
            Authorizations.Add(request.Headers.Authorization?.ToString() ?? (request.Headers.TryGetValues("Authorization", out var v) ? string.Join(",", v) : null));
        }

        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path.StartsWith("/registration/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref RegistrationCalls);
            if (BlockRegistration)
            {
                RegistrationEntered.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var phone = path["/registration/".Length..];
            return RegistrationStatus == HttpStatusCode.OK
                ? Json(HttpStatusCode.OK, new JsonObject { ["registered"] = true, ["customerId"] = "c-1", ["phoneNumber"] = phone, ["name"] = "Ayesha", ["tier"] = "gold" })
                : Json(RegistrationStatus, new JsonObject { ["error"] = "not found" });
        }

        if (request.Method == HttpMethod.Post && path == "/orders")
        {
            Interlocked.Increment(ref OrdersCalls);
            LastOrdersBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            if (OrdersStatus != HttpStatusCode.OK) return Json(OrdersStatus, new JsonObject { ["error"] = "boom" });
            var storeNumber = JsonNode.Parse(LastOrdersBody!)!["store_number"]!.GetValue<string>();
            return Json(HttpStatusCode.OK, new JsonObject
            {
                ["store_number"] = storeNumber,
                ["orders"] = new JsonArray(new JsonObject { ["orderId"] = "o-1", ["status"] = "shipped", ["total"] = 42.5 }),
            });
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}

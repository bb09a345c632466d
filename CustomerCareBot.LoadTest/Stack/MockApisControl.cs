using System.Net.Http.Json;
using System.Text;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Stack;

/// <summary>PUT/DELETE /control/faults and GET /control/calls of MockApis.</summary>
public sealed class MockApisControl(HttpClient client)
{
    public static HttpClient CreateClient(Uri baseAddress)
    {
        TargetGuard.EnsureLocal(baseAddress, "MockApis URL");
        return new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = LoadHttp.EnsureTrailingSlash(baseAddress),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public async Task SetLatencyAsync(int latencyMs, int jitterMs, double failureRate, CancellationToken ct)
    {
        var json = $"{{\"latencyMs\":{latencyMs},\"jitterMs\":{jitterMs},\"failureRate\":{failureRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri("control/faults", UriKind.Relative), content, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new LoadTestException($"PUT /control/faults on MockApis answered {(int)response.StatusCode}.");
        }
    }

    public async Task ResetAsync(CancellationToken ct)
    {
        using var response = await client.DeleteAsync(new Uri("control/faults", UriKind.Relative), ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new LoadTestException($"DELETE /control/faults on MockApis answered {(int)response.StatusCode}.");
        }
    }

    /// <summary>The <c>total</c> of GET /control/calls, or null when it cannot be read.</summary>
    public async Task<long?> TotalCallsAsync(CancellationToken ct)
    {
        try
        {
            var doc = await client.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("control/calls", UriKind.Relative), ct).ConfigureAwait(false);
            return doc.TryGetProperty("total", out var total) && total.TryGetInt64(out var n) ? n : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            return null;
        }
    }
}

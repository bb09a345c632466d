using System.Text.Json.Serialization;

namespace CustomerCareBot.MockApis.Faults;

/// <summary>Body of <c>PUT /control/faults</c>: fields left out keep their current value.</summary>
public sealed record FaultUpdateRequest(
    [property: JsonPropertyName("latencyMs")] int? LatencyMs,
    [property: JsonPropertyName("jitterMs")] int? JitterMs,
    [property: JsonPropertyName("failureRate")] double? FailureRate,
    [property: JsonPropertyName("down")] bool? Down);

/// <summary>The fault settings in force.</summary>
public sealed record FaultSettingsResponse(
    [property: JsonPropertyName("latencyMs")] int LatencyMs,
    [property: JsonPropertyName("jitterMs")] int JitterMs,
    [property: JsonPropertyName("failureRate")] double FailureRate,
    [property: JsonPropertyName("down")] bool Down)
{
    public static FaultSettingsResponse From(FaultSettings s) => new(s.LatencyMs, s.JitterMs, s.FailureRate, s.Down);
}

/// <summary>Calls per mocked route.</summary>
public sealed record RouteCallCounts(
    [property: JsonPropertyName("GET /registration")] long Registration,
    [property: JsonPropertyName("POST /orders")] long Orders,
    [property: JsonPropertyName("POST /v1/chat/completions")] long Chat);

/// <summary>Calls per phone number on the routes that carry one.</summary>
public sealed record PhoneCallCounts(
    [property: JsonPropertyName("GET /registration")] long Registration,
    [property: JsonPropertyName("POST /orders")] long Orders);

/// <summary>The successful (200) calls, in the same shape as the totals.</summary>
public sealed record CallCountsSection(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("routes")] RouteCallCounts Routes,
    [property: JsonPropertyName("phones")] Dictionary<string, PhoneCallCounts> Phones);

/// <summary>
/// Body of <c>GET /control/calls</c>: every call that reached a mocked route (faulted ones too), and under
/// <c>succeeded</c> the ones answered 200. <c>phonesTruncated</c> is true once more distinct phone numbers were seen
/// than <c>MockApis:MaxTrackedPhones</c> (route totals stay exact).
/// </summary>
public sealed record CallCountsResponse(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("routes")] RouteCallCounts Routes,
    [property: JsonPropertyName("phones")] Dictionary<string, PhoneCallCounts> Phones,
    [property: JsonPropertyName("succeeded")] CallCountsSection Succeeded,
    [property: JsonPropertyName("phonesTruncated")] bool PhonesTruncated);

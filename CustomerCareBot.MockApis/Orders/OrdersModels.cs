using System.Text.Json.Serialization;

namespace CustomerCareBot.MockApis.Orders;

/// <summary>Body of <c>POST /orders</c>.</summary>
public sealed record OrdersRequest([property: JsonPropertyName("store_number")] string? StoreNumber);

/// <summary>Answer of <c>POST /orders</c>.</summary>
public sealed record OrdersResponse(
    [property: JsonPropertyName("store_number")] string StoreNumber,
    [property: JsonPropertyName("orders")] IReadOnlyList<OrderSummary> Orders);

/// <summary>One order of a customer.</summary>
public sealed record OrderSummary(
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("total")] decimal Total);

using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCareBot.MockApis.Chat;
using CustomerCareBot.MockApis.Faults;
using CustomerCareBot.MockApis.Orders;
using CustomerCareBot.MockApis.Registration;

namespace CustomerCareBot.MockApis;

/// <summary>Source-generated JSON metadata for every body the mocks read or write: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RegistrationResponse))]
[JsonSerializable(typeof(OrdersRequest))]
[JsonSerializable(typeof(OrdersResponse))]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(FaultUpdateRequest))]
[JsonSerializable(typeof(FaultSettingsResponse))]
[JsonSerializable(typeof(CallCountsResponse))]
internal sealed partial class MockJsonContext : JsonSerializerContext;

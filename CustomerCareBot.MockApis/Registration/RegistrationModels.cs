using System.Text.Json.Serialization;

namespace CustomerCareBot.MockApis.Registration;

/// <summary>Body of <c>GET /registration/{phone}</c> for a registered number.</summary>
public sealed record RegistrationResponse(
    [property: JsonPropertyName("registered")] bool Registered,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("phoneNumber")] string PhoneNumber,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tier")] string Tier);

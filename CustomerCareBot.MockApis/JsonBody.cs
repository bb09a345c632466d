using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CustomerCareBot.MockApis;

/// <summary>Reads a request body with source-generated metadata, whatever its content type, reporting malformed JSON instead of throwing.</summary>
internal static class JsonBody
{
    public static async ValueTask<(bool Ok, T? Value)> TryReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted);
            return (true, value);
        }
        catch (JsonException)
        {
            return (false, default);
        }
    }
}

using CustomerCareBot.Tests.Infrastructure;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CustomerCareBot.Tests.Security;

/// <summary>
/// A sender's side of <c>X-CCB-Signature</c>, written from the documented scheme (docs/security.md) rather than from
/// the Api's code: <c>t=&lt;unix seconds&gt;,v1=hex(HMAC-SHA256(secret, "{t}." + body))</c>, one <c>v1</c> per secret.
/// </summary>
public static class WebhookSigner
{
    public const string Header = "X-CCB-Signature";

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Signature(string secret, long timestamp, string body)
    {
        var payload = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
    }

    public static string Sign(string body, long timestamp, params string[] secrets) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)}" + string.Concat(secrets.Select(s => ",v1=" + Signature(s, timestamp, body)));

    public static HttpRequestMessage Request(string path, string body, string? signature = null, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, signature);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        return request;
    }

    /// <summary>A customer-care payload that no other request shares (so its signature is its own).</summary>
    public static string UniquePayload(string message = "where is my order") =>
        RunClient.CustomerCarePayload($"{message} #{Guid.NewGuid():N}").ToJsonString();
}

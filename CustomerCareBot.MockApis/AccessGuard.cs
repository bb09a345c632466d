using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CustomerCareBot.MockApis;

/// <summary>Checks the <c>Authorization</c> header of the mocked APIs without allocating.</summary>
internal sealed class AccessGuard(IOptions<MockApisOptions> options)
{
    private const string BearerPrefix = "Bearer ";

    private readonly string _accessToken = options.Value.AccessToken;
    private readonly string? _modelApiKey = string.IsNullOrEmpty(options.Value.ModelApiKey) ? null : options.Value.ModelApiKey;

    /// <summary>Registration and orders: the raw token or <c>Bearer &lt;token&gt;</c>.</summary>
    public bool IsValidAccessToken(StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { } value)
        {
            return false;
        }

        var span = value.AsSpan().Trim();
        if (span.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[BearerPrefix.Length..].Trim();
        }

        return FixedTimeEquals(span, _accessToken);
    }

    /// <summary>Chat completions: <c>Bearer &lt;ModelApiKey&gt;</c> when a key is configured, anything otherwise.</summary>
    public bool IsValidModelKey(StringValues authorization)
    {
        if (_modelApiKey is null)
        {
            return true;
        }

        if (authorization.Count != 1 || authorization[0] is not { } value)
        {
            return false;
        }

        var span = value.AsSpan().Trim();
        return span.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
               && FixedTimeEquals(span[BearerPrefix.Length..].Trim(), _modelApiKey);
    }

    private static bool FixedTimeEquals(ReadOnlySpan<char> candidate, string expected) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(candidate), MemoryMarshal.AsBytes(expected.AsSpan()));
}

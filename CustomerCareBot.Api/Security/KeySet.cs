using System.Security.Cryptography;
using System.Text;

namespace CustomerCareBot.Api.Security;

/// <summary>
/// A list of accepted keys, compared in constant time: the presented key and every accepted key are reduced to
/// SHA-256 digests (so lengths do not leak either), and every digest is compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> whether or not an earlier one matched.
/// </summary>
internal abstract class KeySet
{
    private readonly byte[][] _digests;

    protected KeySet(IEnumerable<string> keys) =>
        _digests = keys.Where(k => !string.IsNullOrEmpty(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    public bool IsEmpty => _digests.Length == 0;

    /// <summary>The index of the key presented, or -1 when it is missing or matches none.</summary>
    public int Match(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || _digests.Length == 0)
        {
            return -1;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        var found = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]) && found < 0)
            {
                found = i;
            }
        }

        return found;
    }
}

/// <summary>The <c>X-Api-Key</c> values webhooks may carry (<c>Webhooks:Auth:ApiKeys</c>).</summary>
internal sealed class WebhookApiKeys(Microsoft.Extensions.Options.IOptions<WebhookAuthOptions> options) : KeySet(options.Value.ApiKeys)
{
    public const string HeaderName = "X-Api-Key";
}

/// <summary>The <c>X-Operator-Key</c> values the read endpoints accept (<c>Operator:Keys</c>).</summary>
internal sealed class OperatorKeys(Microsoft.Extensions.Options.IOptions<OperatorOptions> options) : KeySet(options.Value.Keys)
{
    public const string HeaderName = "X-Operator-Key";
}

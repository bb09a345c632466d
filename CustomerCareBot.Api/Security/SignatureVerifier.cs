using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CustomerCareBot.Api.Security;

/// <summary>What a signature header says: when it was made, and one or more candidate HMACs.</summary>
internal sealed record SignatureHeader(long Timestamp, IReadOnlyList<byte[]> Signatures);

internal enum TimestampCheck
{
    Valid,
    Expired,
    Future,
}

/// <summary>
/// The HMAC-SHA256 scheme of <c>X-CCB-Signature</c>, as pure functions (no clock, no I/O):
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;...]</c>, where each <c>v1</c> is
/// <c>HMAC-SHA256(secret, "{t}." + raw body)</c> in hex. Unknown schemes (<c>v0=</c>...) are ignored.
/// </summary>
internal static class SignatureVerifier
{
    public const string HeaderName = "X-CCB-Signature";

    /// <summary>At most this many <c>v1</c> values are considered (a sender rotating secrets needs two).</summary>
    public const int MaxSignatures = 8;

    private const int HmacHexLength = HMACSHA256.HashSizeInBytes * 2;

    public static SignatureHeader? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var name = part[..eq];
            var value = part[(eq + 1)..];
            if (name == "t")
            {
                if (timestamp is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    return null;
                }

                timestamp = t;
            }
            else if (name == "v1" && signatures.Count < MaxSignatures && value.Length == HmacHexLength && IsHex(value))
            {
                signatures.Add(Convert.FromHexString(value));
            }
        }

        return timestamp is { } ts && signatures.Count > 0 ? new SignatureHeader(ts, signatures) : null;
    }

    public static TimestampCheck CheckTimestamp(long timestamp, long nowUnixSeconds, TimeSpan window)
    {
        var tolerance = (long)window.TotalSeconds;
        if (timestamp < nowUnixSeconds - tolerance)
        {
            return TimestampCheck.Expired;
        }

        return timestamp > nowUnixSeconds + tolerance ? TimestampCheck.Future : TimestampCheck.Valid;
    }

    /// <summary>
    /// The index of the first secret for which one of the presented signatures is the HMAC of <c>"{t}." + body</c>,
    /// or -1. Every secret is computed and every pair compared in constant time, whichever matches.
    /// </summary>
    public static int Match(SignatureHeader header, ReadOnlySequence<byte> body, IReadOnlyList<byte[]> secrets)
    {
        Span<byte> prefix = stackalloc byte[24];
        var prefixLength = Prefix(header.Timestamp, prefix);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var found = -1;
        for (var i = 0; i < secrets.Count; i++)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secrets[i]);
            hmac.AppendData(prefix[..prefixLength]);
            foreach (var segment in body)
            {
                hmac.AppendData(segment.Span);
            }

            hmac.GetHashAndReset(mac);
            foreach (var presented in header.Signatures)
            {
                if (CryptographicOperations.FixedTimeEquals(mac, presented) && found < 0)
                {
                    found = i;
                }
            }
        }

        return found;
    }

    /// <summary>SHA-256 of the signed payload <c>"{t}." + body</c>: what the replay guard remembers.</summary>
    public static byte[] PayloadDigest(long timestamp, ReadOnlySequence<byte> body)
    {
        Span<byte> prefix = stackalloc byte[24];
        var prefixLength = Prefix(timestamp, prefix);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prefix[..prefixLength]);
        foreach (var segment in body)
        {
            sha.AppendData(segment.Span);
        }

        return sha.GetHashAndReset();
    }

    /// <summary>The header value a sender puts on a request (one <c>v1</c> per secret): for tests, tools and docs.</summary>
    public static string Sign(long timestamp, ReadOnlySpan<byte> body, params string[] secrets)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder("t=").Append(t);
        byte[] payload = [.. Encoding.UTF8.GetBytes(t + "."), .. body];
        foreach (var secret in secrets)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload);
            builder.Append(",v1=").Append(Convert.ToHexStringLower(mac));
        }

        return builder.ToString();
    }

    private static int Prefix(long timestamp, Span<byte> destination)
    {
        timestamp.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        destination[written] = (byte)'.';
        return written + 1;
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

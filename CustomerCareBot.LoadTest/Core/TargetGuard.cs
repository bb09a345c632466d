using System.Net;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>Load traffic goes only to this machine: localhost or a loopback address.</summary>
public static class TargetGuard
{
    public static bool IsLocal(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Throws a clear error for any target that is not localhost / 127.0.0.0/8 / [::1].</summary>
    public static Uri EnsureLocal(Uri uri, string what)
    {
        if (!IsLocal(uri))
        {
            throw new LoadTestException(
                $"{what} '{uri}' is not a local target. This tool sends load only to localhost, 127.0.0.0/8 or [::1] over http(s).");
        }

        return uri;
    }

    public static Uri ParseLocal(string value, string what)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new LoadTestException($"{what} '{value}' is not an absolute URL (e.g. http://localhost:5080).");
        }

        return EnsureLocal(uri, what);
    }
}

/// <summary>An error the tool explains to its user (bad option, unreachable stack, non-local target).</summary>
public sealed class LoadTestException : Exception
{
    public LoadTestException()
    {
    }

    public LoadTestException(string message)
        : base(message)
    {
    }

    public LoadTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

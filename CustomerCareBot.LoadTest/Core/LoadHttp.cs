using System.Net;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>The one shared HttpClient of a load run: pooled keep-alive connections, no proxy, no redirects.</summary>
public static class LoadHttp
{
    public static HttpClient CreateClient(Uri baseAddress, int maxConnections = 4096, TimeSpan? requestTimeout = null)
    {
        TargetGuard.EnsureLocal(baseAddress, "Target");
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Clamp(maxConnections, 1, 65_000),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = EnsureTrailingSlash(baseAddress),
            Timeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public static Uri EnsureTrailingSlash(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>The absolute form of a path under the client's base address (also when the client has none set).</summary>
    public static Uri Resolve(HttpClient client, string relative)
    {
        ArgumentNullException.ThrowIfNull(client);
        var baseAddress = client.BaseAddress
            ?? throw new LoadTestException("The HttpClient needs a BaseAddress (the Api URL).");
        TargetGuard.EnsureLocal(baseAddress, "Api URL");
        return new Uri(EnsureTrailingSlash(baseAddress), relative);
    }
}

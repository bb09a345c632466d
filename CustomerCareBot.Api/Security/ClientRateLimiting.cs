using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter as a global token bucket per client. The client is the API key it presents if that key
/// is accepted, else its operator key if accepted, else its remote IP address: an unknown key costs the same bucket as
/// no key, so inventing keys buys nothing. A signed webhook's secret is only known once its body is read, after the
/// limiter, so signed senders are counted by IP. <c>/health</c> and <c>/alive</c> are never limited.
/// Refused requests get 429 problem details with <c>Retry-After</c>.
/// </summary>
internal static class ClientRateLimiting
{
    public static void Configure(RateLimiterOptions limiter, ClientRateLimitOptions options, WebhookApiKeys apiKeys, OperatorKeys operatorKeys)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(ServiceDefaultsExtensions.HealthEndpointPath)
                || path.StartsWithSegments(ServiceDefaultsExtensions.AlivenessEndpointPath))
            {
                return RateLimitPartition.GetNoLimiter("probes");
            }

            return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context, apiKeys, operatorKeys), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 1;
            var http = rejected.HttpContext;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.Create(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This client may send {options.Burst} requests at once and {options.PermitsPerSecond} per second; retry after {seconds} s.")
                .ExecuteAsync(http);
        };
    }

    /// <summary>The bucket a request counts against. Keys are never used as partition names, only their position.</summary>
    internal static string ClientKey(HttpContext context, WebhookApiKeys apiKeys, OperatorKeys operatorKeys)
    {
        var headers = context.Request.Headers;
        if (!apiKeys.IsEmpty && headers.TryGetValue(WebhookApiKeys.HeaderName, out var apiKey) && apiKeys.Match(apiKey.ToString()) is var a and >= 0)
        {
            return "apikey:" + a.ToString(CultureInfo.InvariantCulture);
        }

        if (!operatorKeys.IsEmpty && headers.TryGetValue(OperatorKeys.HeaderName, out var operatorKey) && operatorKeys.Match(operatorKey.ToString()) is var o and >= 0)
        {
            return "operator:" + o.ToString(CultureInfo.InvariantCulture);
        }

        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using CustomerCareBot.Api.Webhooks;

namespace CustomerCareBot.Api;

/// <summary>
/// When Redis cannot be reached nothing was stored, so the honest answer is 503 with Retry-After, never 500.
/// </summary>
internal sealed class RedisUnavailableHandler(IProblemDetailsService problems, IOptions<WebhookOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisConnectionException or RedisTimeoutException))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = "The run store cannot be reached; nothing was stored. Retry later.",
            },
        });
    }
}

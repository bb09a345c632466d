using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerCareBot.MockApis.Faults;

/// <summary>
/// Applies the simulated failures to a mocked request, in this order: down (503 at once), latency + jitter +
/// <c>X-Mock-Latency-Ms</c> (async, abortable), <c>X-Mock-Status</c>, then the random failure rate (503).
/// </summary>
internal sealed class FaultInjector(FaultState state, LatencyTimer latency)
{
    public const string LatencyHeader = "X-Mock-Latency-Ms";
    public const string StatusHeader = "X-Mock-Status";

    /// <returns>The problem to answer instead of the real response, or <see langword="null"/> to go on.</returns>
    public ValueTask<ProblemHttpResult?> ApplyAsync(HttpContext context)
    {
        var settings = state.Current;
        if (settings.Down)
        {
            return ValueTask.FromResult<ProblemHttpResult?>(Problems.Unavailable("The mock API is down (POST /control/up brings it back)."));
        }

        var delayMs = settings.LatencyMs;
        if (settings.JitterMs > 0)
        {
            delayMs += Random.Shared.Next(settings.JitterMs + 1);
        }

        var headers = context.Request.Headers;
        if (headers.TryGetValue(LatencyHeader, out var latency)
            && int.TryParse(latency.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var extraMs))
        {
            delayMs += Math.Min(extraMs, MockApisOptions.MaxDelayMs);
        }

        return delayMs > 0
            ? DelayThenDecideAsync(context, settings, delayMs)
            : ValueTask.FromResult(Decide(context, settings));
    }

    private async ValueTask<ProblemHttpResult?> DelayThenDecideAsync(HttpContext context, FaultSettings settings, int delayMs)
    {
        await latency.WaitAsync(TimeSpan.FromMilliseconds(delayMs), context.RequestAborted);
        return Decide(context, settings);
    }

    private static ProblemHttpResult? Decide(HttpContext context, FaultSettings settings)
    {
        if (context.Request.Headers.TryGetValue(StatusHeader, out var forced)
            && int.TryParse(forced.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && status is >= 400 and <= 599)
        {
            return Problems.Forced(status);
        }

        if (settings.FailureRate > 0 && Random.Shared.NextDouble() < settings.FailureRate)
        {
            return Problems.Unavailable("Simulated failure (MockApis:FailureRate).");
        }

        return null;
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerCareBot.MockApis.Faults;

/// <summary>
/// <c>/control</c>: live fault settings and call counters for tests and the dashboard.
/// These endpoints deliberately require NO token and are never faulted themselves.
/// </summary>
internal static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/control")
            .WithTags("Control")
            .WithDescription("Test and dashboard control of the mock APIs. No token required; not subject to faults.");

        group.MapGet("/faults", (FaultState state) => TypedResults.Ok(FaultSettingsResponse.From(state.Current)))
            .WithName("GetFaults")
            .WithSummary("The fault settings in force.");

        group.MapPut("/faults", UpdateFaultsAsync)
            .WithName("UpdateFaults")
            .WithSummary("Changes latency, jitter, failure rate and/or down at run time; omitted fields keep their value.")
            .DocumentJsonBody<FaultUpdateRequest>();

        group.MapDelete("/faults", (FaultState state) => TypedResults.Ok(FaultSettingsResponse.From(state.Reset())))
            .WithName("ResetFaults")
            .WithSummary("Restores the configured latency, jitter and failure rate, and brings the API up.");

        group.MapPost("/down", (FaultState state) => TypedResults.Ok(FaultSettingsResponse.From(state.Update(static s => s with { Down = true }))))
            .WithName("Down")
            .WithSummary("Every mocked route answers 503 at once until POST /control/up.");

        group.MapPost("/up", (FaultState state) => TypedResults.Ok(FaultSettingsResponse.From(state.Update(static s => s with { Down = false }))))
            .WithName("Up")
            .WithSummary("Ends POST /control/down.");

        group.MapGet("/calls", (CallCounter calls) => TypedResults.Ok(calls.Snapshot()))
            .WithName("GetCalls")
            .WithSummary("Calls that reached each mocked route (faulted ones too), per route and per phone, and the ones that succeeded.");

        group.MapDelete("/calls", (CallCounter calls) =>
            {
                calls.Reset();
                return TypedResults.NoContent();
            })
            .WithName("ResetCalls")
            .WithSummary("Sets every call counter back to zero.");

        return app;
    }

    private static async Task<Results<Ok<FaultSettingsResponse>, ValidationProblem>> UpdateFaultsAsync(HttpRequest request, FaultState state)
    {
        var (ok, update) = await JsonBody.TryReadAsync(request, MockJsonContext.Default.FaultUpdateRequest);
        if (!ok || update is null)
        {
            return Problems.Invalid("body", "Expected a JSON object with any of latencyMs, jitterMs (integers), failureRate (number), down (boolean).");
        }

        Dictionary<string, string[]>? errors = null;
        if (update.LatencyMs is < 0 or > MockApisOptions.MaxDelayMs)
        {
            (errors ??= [])["latencyMs"] = [$"latencyMs must be between 0 and {MockApisOptions.MaxDelayMs}."];
        }

        if (update.JitterMs is < 0 or > MockApisOptions.MaxDelayMs)
        {
            (errors ??= [])["jitterMs"] = [$"jitterMs must be between 0 and {MockApisOptions.MaxDelayMs}."];
        }

        if (update.FailureRate is { } rate && !(rate >= 0 && rate <= 1))
        {
            (errors ??= [])["failureRate"] = ["failureRate must be between 0 and 1."];
        }

        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = state.Update(s => new FaultSettings(
            update.LatencyMs ?? s.LatencyMs,
            update.JitterMs ?? s.JitterMs,
            update.FailureRate ?? s.FailureRate,
            update.Down ?? s.Down));
        return TypedResults.Ok(FaultSettingsResponse.From(settings));
    }
}

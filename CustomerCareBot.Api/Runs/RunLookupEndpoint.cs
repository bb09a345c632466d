using System.Text.Json;
using CustomerCareBot.Runs;

namespace CustomerCareBot.Api.Runs;

/// <summary>
/// <c>POST /runs/lookup</c>: the summaries of up to 1,000 runs in one request, for a client following many runs
/// (a batch it submitted, the load tool) without one <c>GET /runs/{id}</c> per run.
/// </summary>
internal static class RunLookupEndpoint
{
    public const int MaxRunIds = 1000;
    private const int MaxRunIdLength = 64;

    public static RouteHandlerBuilder MapRunLookup(this RouteGroupBuilder group) =>
        group.MapPost("/lookup", LookupAsync)
            .WithName("LookupRuns")
            .WithSummary("Summaries of the given runs that exist, in the order asked (unknown ids are left out)")
            .Accepts<RunLookupRequest>("application/json")
            .Produces<List<RunSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> LookupAsync(HttpContext context, RunStore store)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"The body must be JSON (Content-Type: application/json); got '{context.Request.ContentType ?? "none"}'.",
                "header:Content-Type");
        }

        RunLookupRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(RunsJsonContext.Default.RunLookupRequest, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid lookup",
                $"The body must be {{\"runIds\": [\"...\"]}}: {ex.Message}", ex.Path is { } path ? $"body:{path}" : "body");
        }

        var ids = request?.RunIds;
        if (ids is null || ids.Count is 0 or > MaxRunIds)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid lookup",
                $"runIds must hold 1 to {MaxRunIds} run ids; got {ids?.Count.ToString() ?? "none"}.", "body:runIds");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i]) || ids[i].Length > MaxRunIdLength)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Invalid run id",
                    $"Each run id must be 1 to {MaxRunIdLength} characters.", $"body:runIds[{i}]");
            }
        }

        return TypedResults.Ok(await store.LookupAsync(ids));
    }
}

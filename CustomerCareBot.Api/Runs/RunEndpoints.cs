using CustomerCareBot.Api.Security;
using CustomerCareBot.Runs;
using CustomerCareBot.Workflows;
using System.Text.Json;

namespace CustomerCareBot.Api.Runs;

internal static class RunEndpoints
{
    public static IEndpointRouteBuilder MapRuns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/runs").WithTags("Runs").RequireOperatorKey();

        group.MapGet("/{runId}", async Task<IResult> (string runId, RunStore store) =>
                await store.GetAsync(runId) is { } run ? TypedResults.Ok(run) : RunNotFound(runId))
            .WithName("GetRun")
            .Produces<RunDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", async Task<IResult> (string? workflowId, string? status, int? limit, RunStore store) =>
            {
                if (limit is < 1 or > 1000)
                {
                    return Problems.Create(StatusCodes.Status400BadRequest, "Invalid limit",
                        "limit must be between 1 and 1000.", "query:limit");
                }

                if (status is not null && status is not (RunStatuses.Queued or RunStatuses.Running or RunStatuses.Completed
                        or RunStatuses.Failed or RunStatuses.Cancelled))
                {
                    return Problems.Create(StatusCodes.Status400BadRequest, "Invalid status",
                        "status must be one of queued, running, completed, failed, cancelled.", "query:status");
                }

                return TypedResults.Ok(await store.ListAsync(workflowId, status, limit ?? 50));
            })
            .WithName("ListRuns")
            .Produces<List<RunSummary>>();

        group.MapRunLookup();

        group.MapPost("/{runId}/cancel", async Task<IResult> (string runId, RunQueue queue) =>
            {
                var result = await queue.CancelAsync(runId);
                return result.Outcome switch
                {
                    ChangeOutcome.NotFound => RunNotFound(runId),
                    ChangeOutcome.Conflict => Problems.Create(StatusCodes.Status409Conflict, "Run already ended",
                        $"Run '{runId}' is {result.Status}; only queued or running runs can be cancelled.", "route:runId"),
                    ChangeOutcome.Pending => TypedResults.Accepted($"/runs/{runId}", new RunChange(runId, "cancelling")),
                    _ => TypedResults.Ok(new RunChange(runId, RunStatuses.Cancelled)),
                };
            })
            .WithName("CancelRun")
            .Produces<RunChange>()
            .Produces<RunChange>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{runId}/retry", async Task<IResult> (string runId, RunQueue queue) =>
            {
                var result = await queue.RetryAsync(runId);
                return result.Outcome switch
                {
                    ChangeOutcome.NotFound => RunNotFound(runId),
                    ChangeOutcome.Conflict => Problems.Create(StatusCodes.Status409Conflict, "Run cannot be retried",
                        $"Run '{runId}' is {result.Status}; only failed or dead-lettered runs can be retried.", "route:runId"),
                    _ => TypedResults.Accepted($"/runs/{runId}", new RunChange(runId, RunStatuses.Queued)),
                };
            })
            .WithName("RetryRun")
            .Produces<RunChange>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Mermaid by default; ?format=text gives the original's ASCII tree of the same run.
        group.MapGet("/{runId}/diagram", async Task<IResult> (string runId, string? format, RunStore store, WorkflowCatalog catalog) =>
            {
                if (format is not (null or "mermaid" or "text"))
                {
                    return Problems.Create(StatusCodes.Status400BadRequest, "Unknown format",
                        "format must be 'mermaid' (default) or 'text'.", "query:format");
                }

                if (await store.GetAsync(runId) is not { } run)
                {
                    return RunNotFound(runId);
                }

                if (!catalog.TryGet(run.WorkflowId, out var definition))
                {
                    return Problems.Create(StatusCodes.Status404NotFound, "Workflow no longer loaded",
                        $"Run '{runId}' belongs to workflow '{run.WorkflowId}', which this Api does not have.");
                }

                var steps = run.Steps is { } s
                    ? s.Deserialize(WorkflowJsonContext.Default.ListStepTrace) ?? []
                    : [];
                return format == "text"
                    ? TypedResults.Text(TextTree.Render(definition, steps), "text/plain")
                    : TypedResults.Text(MermaidDiagram.Render(definition, steps), "text/vnd.mermaid");
            })
            .WithName("GetRunDiagram")
            .Produces<string>(contentType: "text/vnd.mermaid")
            .Produces<string>(contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static IResult RunNotFound(string runId) => Problems.Create(StatusCodes.Status404NotFound, "Unknown run",
        $"No run has the id '{runId}' (or it is older than the retention).", "route:runId");
}

/// <summary>What a cancel or retry did.</summary>
public sealed record RunChange(string RunId, string Status);

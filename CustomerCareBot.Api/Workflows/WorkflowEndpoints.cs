using CustomerCareBot.Api.Security;
using CustomerCareBot.Api.Webhooks;
using CustomerCareBot.Workflows;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Workflows;

/// <summary>The loaded definitions, their drawings, and a synchronous debugging run (the original's /workflow/run).</summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflows(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/workflows").WithTags("Workflows").RequireOperatorKey();

        group.MapGet("/", (WorkflowCatalog catalog) => TypedResults.Ok(catalog.All
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .Select(d => new WorkflowSummary(d.Id, d.Version, d.Name, d.Description))
                .ToList()))
            .WithName("ListWorkflows");

        group.MapGet("/{workflowId}", async Task<IResult> (string workflowId, WorkflowCatalog catalog, IOptions<WorkflowOptions> options, CancellationToken ct) =>
                catalog.TryGet(workflowId, out var definition)
                    ? TypedResults.Text(await File.ReadAllTextAsync(Path.Combine(options.Value.DefinitionsPath, definition.SourceFile), ct), "application/json")
                    : UnknownWorkflow(workflowId))
            .WithName("GetWorkflow")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{workflowId}/diagram", IResult (string workflowId, WorkflowCatalog catalog) =>
                catalog.TryGet(workflowId, out var definition)
                    ? TypedResults.Text(MermaidDiagram.Render(definition), "text/vnd.mermaid")
                    : UnknownWorkflow(workflowId))
            .WithName("GetWorkflowDiagram")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{workflowId}/run", async Task<IResult> (
                HttpContext context, string workflowId, WorkflowCatalog catalog, WebhookBodyReader reader, WorkflowRunner runner) =>
            {
                if (!catalog.TryGet(workflowId, out var definition))
                {
                    return UnknownWorkflow(workflowId);
                }

                var (body, problem) = await reader.ReadAsync(context.Request, context.RequestAborted);
                if (body is null)
                {
                    return problem!;
                }

                using (body)
                {
                    var errors = definition.ValidateInput(body.Document.RootElement);
                    if (errors.Count > 0)
                    {
                        return TypedResults.ValidationProblem(errors,
                            title: $"The payload does not match the input of workflow '{workflowId}'");
                    }

                    var trace = await runner.RunAsync(definition, new RunRequest
                    {
                        RunId = Guid.CreateVersion7().ToString("N"),
                        Trigger = body.Document.RootElement,
                    }, context.RequestAborted);
                    return TypedResults.Json(trace, WorkflowJsonContext.Default.RunTrace);
                }
            })
            .WithName("RunWorkflowNow")
            .WithSummary("Runs a workflow synchronously in the Api and returns its trace (for debugging)")
            .Produces<RunTrace>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static IResult UnknownWorkflow(string workflowId) => Problems.Create(StatusCodes.Status404NotFound,
        "Unknown workflow", $"No workflow has the id '{workflowId}'.", "route:workflowId");
}

public sealed record WorkflowSummary(string Id, int Version, string Name, string? Description);

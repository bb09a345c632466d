using System.Diagnostics;
using CustomerCareBot.Api.Security;
using CustomerCareBot.Runs;
using CustomerCareBot.Workflows;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Webhooks;

/// <summary>
/// The straight line of one webhook: check who sent it, find the workflow, read and check the body, then store the run and
/// append it to the stream in one round trip.
/// </summary>
internal sealed class WebhookAcceptor(
    WorkflowCatalog catalog,
    WebhookBodyReader bodyReader,
    WebhookAuthenticator authenticator,
    RunQueue queue,
    IOptions<WebhookOptions> options,
    ApiMetrics metrics)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public async Task<IResult> AcceptAsync(HttpContext context, string workflowId, bool legacy)
    {
        // Before anything else, and over the raw body: who sent it (nothing is parsed or enqueued for a stranger).
        if (await authenticator.AuthenticateAsync(context, workflowId) is { } refused)
        {
            return refused;
        }

        if (!catalog.TryGet(workflowId, out var definition))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Unknown workflow",
                $"No workflow has the id '{workflowId}'. GET /workflows lists them.", "route:workflowId");
        }

        var idempotencyKey = context.Request.Headers[IdempotencyHeader].ToString();
        if (IdempotencyKeyProblem(idempotencyKey) is { } keyProblem)
        {
            return keyProblem;
        }

        var (body, problem) = await bodyReader.ReadAsync(context.Request, context.RequestAborted);
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
                    title: $"The payload does not match the input of workflow '{workflowId}'",
                    detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            }

            // Producer: it sends the message the Worker's Consumer span continues from (OpenTelemetry messaging conventions).
            using var activity = ApiTelemetry.Source.StartActivity("run enqueue", ActivityKind.Producer);
            activity?.SetTag("workflow.id", workflowId);
            var runId = Guid.CreateVersion7().ToString("N");
            var result = await queue.EnqueueAsync(new NewRun(runId, workflowId, body.Utf8Json,
                Activity.Current?.Id, idempotencyKey.Length == 0 ? null : idempotencyKey));
            activity?.SetTag("run.id", result.RunId);

            switch (result.Outcome)
            {
                case EnqueueOutcome.Backpressure:
                    metrics.BackpressureRejected(workflowId);
                    return Problems.ServiceUnavailable(context, options.Value.RetryAfterSeconds,
                        $"The run backlog ({result.Backlog}) is at its limit; retry later.");
                case EnqueueOutcome.Duplicate:
                    metrics.IdempotentReplay(workflowId);
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                    break;
                default:
                    metrics.Accepted(workflowId);
                    break;
            }

            var statusUrl = $"/runs/{result.RunId}";
            return legacy
                ? TypedResults.Accepted(statusUrl, new LegacyAcceptedRun(result.RunId, workflowId, "accepted", statusUrl, result.RunId))
                : TypedResults.Accepted(statusUrl, new AcceptedRun(result.RunId, workflowId, RunStatuses.Queued, statusUrl));
        }
    }

    private IResult? IdempotencyKeyProblem(string key)
    {
        if (key.Length > options.Value.MaxIdempotencyKeyLength)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Idempotency key too long",
                $"The Idempotency-Key header is {key.Length} characters; at most {options.Value.MaxIdempotencyKeyLength} are allowed.",
                "header:Idempotency-Key");
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Invalid idempotency key",
                    "The Idempotency-Key header may hold only visible ASCII characters.", "header:Idempotency-Key");
            }
        }

        return null;
    }
}

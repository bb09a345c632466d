namespace CustomerCareBot.Api.Webhooks;

internal static class WebhookEndpoints
{
    public const string DefaultWorkflowId = "customer-care";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/").WithTags("Webhooks");

        group.MapPost("/webhooks/{workflowId}", (HttpContext context, string workflowId, WebhookAcceptor acceptor) =>
                acceptor.AcceptAsync(context, workflowId, legacy: false))
            .WithName("AcceptWebhook")
            .WithSummary("Accepts a trigger payload and queues a run of the workflow")
            .Produces<AcceptedRun>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/webhook", (HttpContext context, WebhookAcceptor acceptor) =>
                acceptor.AcceptAsync(context, DefaultWorkflowId, legacy: true))
            .WithName("AcceptLegacyWebhook")
            .WithSummary("The original system's route: a run of customer-care")
            .Produces<LegacyAcceptedRun>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return app;
    }
}

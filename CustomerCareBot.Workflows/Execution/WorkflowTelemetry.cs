using System.Diagnostics;

namespace CustomerCareBot.Workflows;

/// <summary>
/// One span per step, child of whatever span the host runs the workflow under, so a trace shows a run's steps
/// and the HTTP and model calls inside them.
/// </summary>
public static class WorkflowTelemetry
{
    public const string SourceName = "CustomerCareBot.Workflows";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartStep(WorkflowDefinition definition, string runId, StepDefinition step)
    {
        var activity = Source.StartActivity(step.SpanName);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("workflow.id", definition.Id);
            activity.SetTag("workflow.version", definition.Version);
            activity.SetTag("run.id", runId);
            activity.SetTag("step.id", step.Id);
            activity.SetTag("step.type", step.Type);
        }

        return activity;
    }

    internal static void EndStep(Activity? activity, string outcome, string? branch, string? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("step.outcome", outcome);
        if (branch is not null)
        {
            activity.SetTag("step.branch", branch);
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }
}

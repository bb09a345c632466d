
namespace CustomerCareBot.Workflows;

/// <summary>One validated step of a definition, with its compiled action.</summary>
public sealed class StepDefinition
{
    internal StepDefinition(string id, string name, string type, IStepAction action, TimeSpan? timeout, string? failureReason)
    {
        Id = id;
        Name = name;
        Type = type;
        Action = action;
        Timeout = timeout;
        FailureReason = failureReason;
        SpanName = "step " + id;
    }

    public string Id { get; }

    public string Name { get; }

    public string Type { get; }

    public IStepAction Action { get; }

    /// <summary>Edges out of this step (<c>next</c>, route cases, default).</summary>
    public IReadOnlyList<StepLink> Links => Action.Links;

    /// <summary><c>timeoutSeconds</c>; null means the engine default.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary><c>failureReason</c>: the run's reason when this step fails.</summary>
    public string? FailureReason { get; }

    /// <summary>The name of this step's span, built once rather than per run.</summary>
    internal string SpanName { get; }
}

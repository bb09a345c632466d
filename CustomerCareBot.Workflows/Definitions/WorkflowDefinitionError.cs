namespace CustomerCareBot.Workflows;

/// <summary>One problem found while loading a definition file.</summary>
public sealed record WorkflowDefinitionError(string File, string? StepId, string? Field, string Message)
{
    public override string ToString()
    {
        var location = (StepId, Field) switch
        {
            (null, null) => "",
            (null, { } f) => $" field '{f}'",
            ({ } s, null) => $" step '{s}'",
            ({ } s, { } f) => $" step '{s}' field '{f}'",
        };
        return $"{File}:{location}: {Message}";
    }
}

/// <summary>Thrown at load with every problem of every file at once.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    public WorkflowDefinitionException(IReadOnlyList<WorkflowDefinitionError> errors)
        : base(Describe(errors)) => Errors = errors;

    public WorkflowDefinitionException() : this([]) { }

    public WorkflowDefinitionException(string message) : base(message) => Errors = [];

    public WorkflowDefinitionException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    public IReadOnlyList<WorkflowDefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<WorkflowDefinitionError> errors) =>
        $"{errors.Count} workflow definition error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}

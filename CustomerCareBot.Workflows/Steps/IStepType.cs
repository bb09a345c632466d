
namespace CustomerCareBot.Workflows;

/// <summary>A kind of step (<c>"type"</c> in a definition). Compiles a step's fields once at load.</summary>
public interface IStepType
{
    string Name { get; }

    /// <summary>Reads and checks the type's fields, reporting problems through <paramref name="context"/>.</summary>
    IStepAction Compile(StepCompileContext context);
}

/// <summary>The executable, immutable form of one step, shared by all runs.</summary>
public interface IStepAction
{
    /// <summary>Steps this one can continue to (empty for a terminal step).</summary>
    IReadOnlyList<StepLink> Links { get; }

    /// <summary>True when the step ends the run.</summary>
    bool IsTerminal { get; }

    /// <summary>
    /// True when the step calls out (HTTP, a model) on this host: it runs under the per-step timeout, and a crash must
    /// not repeat it once it finished, so the checkpoint before the next call out is awaited.
    /// </summary>
    bool PerformsIo(StepServices services);

    ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken);
}

/// <summary>An edge of the workflow graph. <paramref name="Field"/> names where it was declared, for errors.</summary>
public sealed record StepLink(string Target, string Field, string? Label = null);

/// <summary>What a step decided: where to go next and what the trace should say.</summary>
public readonly record struct StepOutcome(string? Next, string? Branch = null, string? Note = null);

/// <summary>A step failed; the run fails with <see cref="Reason"/>.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException(string message, string? reason = null, Exception? inner = null) : base(message, inner) => Reason = reason;

    public StepFailedException() { }

    public StepFailedException(string message) : base(message) { }

    public StepFailedException(string message, Exception innerException) : base(message, innerException) { }

    public string? Reason { get; }
}

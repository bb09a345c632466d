
namespace CustomerCareBot.Workflows;

/// <summary><c>terminate</c>: ends the run with <c>status</c> (default completed), <c>finalStatus</c> and an <c>output</c> mapping.</summary>
public sealed class TerminateStepType : IStepType
{
    public string Name => "terminate";

    public IStepAction Compile(StepCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var finalStatus = context.RequiredText("finalStatus");
        var status = RunStatus.Completed;
        switch (context.OptionalString("status"))
        {
            case null or "completed": break;
            case "failed": status = RunStatus.Failed; break;
            default: context.Error("status", "must be 'completed' or 'failed'"); break;
        }

        if (context.Fields.ContainsKey("next")) context.Error("next", "a terminate step has no next step");
        return new Action(status, finalStatus, context.OptionalString("reason"), context.OptionalValue("output"));
    }

    private sealed class Action(RunStatus status, TextTemplate? finalStatus, string? reason, ValueTemplate? output) : IStepAction
    {
        public IReadOnlyList<StepLink> Links => [];

        public bool IsTerminal => true;

        public bool PerformsIo(StepServices services) => false;

        public ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken)
        {
            var final = finalStatus is null ? "" : run.Render(finalStatus);
            run.Terminate(status, final, reason, output is null ? null : run.Render(output));
            return ValueTask.FromResult(new StepOutcome(null, Note: $"finalStatus {final}"));
        }
    }
}

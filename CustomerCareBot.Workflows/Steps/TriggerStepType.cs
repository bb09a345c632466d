
namespace CustomerCareBot.Workflows;

/// <summary><c>trigger</c>: the entry step; checks the payload against the definition's input schema.</summary>
public sealed class TriggerStepType : IStepType
{
    public const string InvalidInputReason = "INVALID_INPUT";

    public string Name => "trigger";

    public IStepAction Compile(StepCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Action(context.Next());
    }

    private sealed class Action(StepLink? next) : IStepAction
    {
        public IReadOnlyList<StepLink> Links { get; } = next is null ? [] : [next];

        public bool IsTerminal => false;

        public bool PerformsIo(StepServices services) => false;

        public ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken)
        {
            var errors = run.Definition.ValidateInput(run.TriggerElement);
            if (errors.Count > 0)
            {
                var detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
                throw new StepFailedException($"invalid trigger payload: {detail}", InvalidInputReason);
            }

            return ValueTask.FromResult(new StepOutcome(next?.Target));
        }
    }
}

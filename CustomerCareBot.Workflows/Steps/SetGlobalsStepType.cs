using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary><c>setGlobals</c>: assigns each entry of <c>values</c> (literal or template) into globals, in order.</summary>
public sealed class SetGlobalsStepType : IStepType
{
    public string Name => "setGlobals";

    public IStepAction Compile(StepCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var assignments = new List<(string, ValueTemplate)>();
        if (context.Fields["values"] is JsonObject values && values.Count > 0)
        {
            foreach (var (name, value) in values)
            {
                assignments.Add((name, context.Value($"values.{name}", value)));
            }
        }
        else
        {
            context.Error("values", context.Fields.ContainsKey("values") ? "must be a non-empty object" : "is required");
        }

        return new Action([.. assignments], context.Next());
    }

    private sealed class Action((string Name, ValueTemplate Value)[] assignments, StepLink? next) : IStepAction
    {
        public IReadOnlyList<StepLink> Links { get; } = next is null ? [] : [next];

        public bool IsTerminal => false;

        public bool PerformsIo(StepServices services) => false;

        public ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken)
        {
            // Sequential so a later value can read an earlier one.
            foreach (var (name, value) in assignments)
            {
                run.Globals[name] = run.Render(value);
            }

            return ValueTask.FromResult(new StepOutcome(next?.Target));
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>
/// <c>runAgent</c>: renders <c>input</c> (<c>{message, context}</c>), asks the agent of profile <c>agent</c>, and saves
/// <c>{intent, confidence, action, reply, agent, fallbackReason}</c> into globals under <c>saveAs</c>.
/// </summary>
public sealed class RunAgentStepType : IStepType
{
    public string Name => "runAgent";

    public IStepAction Compile(StepCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profile = context.RequiredString("agent");
        ValueTemplate? input = null;
        if (context.Fields["input"] is JsonObject obj)
        {
            if (!obj.ContainsKey("message")) context.Error("input.message", "is required");
            input = context.Value("input", obj);
        }
        else
        {
            context.Error("input", context.Fields.ContainsKey("input") ? "must be an object with 'message' and optional 'context'" : "is required");
        }

        return new Action(profile ?? "", input, context.OptionalString("saveAs"), context.Next());
    }

    private sealed class Action(string profile, ValueTemplate? input, string? saveAs, StepLink? next) : IStepAction
    {
        public IReadOnlyList<StepLink> Links { get; } = next is null ? [] : [next];

        public bool IsTerminal => false;

        // The rules agent decides in memory; only a model agent calls out.
        public bool PerformsIo(StepServices services) => services.Agents.CallsOut(profile);

        public async ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken)
        {
            var rendered = input is null ? null : run.Render(input) as JsonObject;
            var message = rendered?["message"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                null => "",
                var other => other.ToJsonString(),
            };
            var agent = run.Services.Agents.Get(profile);
            var decision = await agent.DecideAsync(new AgentRequest(message, rendered?["context"]), cancellationToken).ConfigureAwait(false);
            if (saveAs is not null)
            {
                run.Globals[saveAs] = new JsonObject
                {
                    ["intent"] = decision.Intent,
                    ["confidence"] = decision.Confidence,
                    ["action"] = decision.Action,
                    ["reply"] = decision.Reply,
                    ["agent"] = decision.Agent,
                    ["fallbackReason"] = decision.FallbackReason,
                };
            }

            var note = decision.FallbackReason is { } reason
                ? $"agent fell back to rules: {reason}"
                : string.Create(CultureInfo.InvariantCulture, $"agent {decision.Agent}: {decision.Intent} ({decision.Confidence:0.##}) -> {decision.Action}");
            return new StepOutcome(next?.Target, Note: note);
        }
    }
}

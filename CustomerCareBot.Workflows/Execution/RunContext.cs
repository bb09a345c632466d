using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>Mutable state of one run, handed to each step.</summary>
public sealed class RunContext
{
    internal RunContext(string runId, WorkflowDefinition definition, JsonElement triggerElement, JsonNode? trigger,
        JsonObject globals, StepServices services, CancellationToken runCancellation)
    {
        RunId = runId;
        Definition = definition;
        TriggerElement = triggerElement;
        Trigger = trigger;
        Globals = globals;
        Services = services;
        RunCancellation = runCancellation;
    }

    public string RunId { get; }

    public WorkflowDefinition Definition { get; }

    public JsonElement TriggerElement { get; }

    public JsonNode? Trigger { get; }

    /// <summary>The run's globals; <c>saveAs</c> results land here too.</summary>
    public JsonObject Globals { get; }

    public StepServices Services { get; }

    /// <summary>Cancelled when the caller cancels or the run times out (a step's own timeout is not included).</summary>
    public CancellationToken RunCancellation { get; }

    public ExpressionScope Scope => new(Trigger, Globals);

    public RunStatus? TerminalStatus { get; private set; }

    public string? FinalStatus { get; private set; }

    public string? TerminalReason { get; private set; }

    public JsonNode? Output { get; private set; }

    public JsonNode? Render(ValueTemplate template) => template.Render(Services.Sandbox, Scope);

    public string Render(TextTemplate template, Func<string, string>? secrets = null) => template.Render(Services.Sandbox, Scope, secrets);

    public bool Evaluate(CompiledExpression condition) => Services.Sandbox.EvaluateCondition(condition, Scope);

    /// <summary>Ends the run after the current step.</summary>
    public void Terminate(RunStatus status, string finalStatus, string? reason, JsonNode? output)
    {
        TerminalStatus = status;
        FinalStatus = finalStatus;
        TerminalReason = reason;
        Output = output;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>Walks a definition step by step, recording a trace and emitting checkpoints.</summary>
public sealed class WorkflowRunner(StepServices services)
{
    public const string CancelledReason = "CANCELLED";
    public const string RunTimeoutReason = "RUN_TIMEOUT";
    public const string StepTimeoutReason = "STEP_TIMEOUT";
    public const string StepFailedReason = "STEP_FAILED";

    public async Task<RunTrace> RunAsync(WorkflowDefinition definition, RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        var time = services.Time;
        var startedAt = time.GetUtcNow();
        var startedTicks = time.GetTimestamp();
        var resume = request.ResumeFrom;
        var traces = resume is null ? new List<StepTrace>(definition.Steps.Count) : [.. resume.CompletedSteps];
        var globals = resume is null ? definition.CreateGlobals() : (JsonObject)resume.Globals.DeepClone();

        using var runTimeout = new CancellationTokenSource(services.Options.RunTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var token = linked.Token;
        using var deadline = new StepDeadline(time, token);
        var trigger = request.Trigger.ValueKind == JsonValueKind.Undefined ? default : request.Trigger.Clone();
        var run = new RunContext(request.RunId, definition, trigger, ToNode(trigger), globals, services, token);

        RunTrace Finish(RunStatus status, string? reason, string? error, bool retryable = false) => new()
        {
            RunId = request.RunId,
            WorkflowId = definition.Id,
            WorkflowVersion = definition.Version,
            Status = status,
            FinalStatus = run.FinalStatus,
            Reason = reason,
            Error = error,
            Retryable = retryable,
            Globals = globals,
            Output = run.Output,
            Steps = traces,
            StartedAt = startedAt,
            DurationMs = time.GetElapsedTime(startedTicks).TotalMilliseconds,
        };

        RunTrace Stopped() => cancellationToken.IsCancellationRequested
            ? Finish(RunStatus.Cancelled, CancelledReason, "run was cancelled")
            : Finish(RunStatus.Failed, RunTimeoutReason, $"run exceeded {services.Options.RunTimeout.TotalSeconds:0.###}s", retryable: true);

        var nextId = resume is null ? definition.EntryStep.Id : resume.NextStepId;
        var callOutSinceDurable = false;
        while (nextId is not null)
        {
            if (token.IsCancellationRequested) return Stopped();
            if (!definition.TryGetStep(nextId, out var step))
            {
                return Finish(RunStatus.Failed, StepFailedReason, $"step '{nextId}' does not exist in {definition.Id} v{definition.Version}");
            }

            var stepStartedAt = time.GetUtcNow();
            var stepTicks = time.GetTimestamp();
            StepTrace Trace(string status, string? error, StepOutcome outcome = default) => new()
            {
                Id = step!.Id,
                Name = step.Name,
                Type = step.Type,
                Status = status,
                StartedAt = stepStartedAt,
                DurationMs = time.GetElapsedTime(stepTicks).TotalMilliseconds,
                Branch = outcome.Branch,
                Error = error,
                Note = outcome.Note,
            };

            StepOutcome outcome;
            using var activity = WorkflowTelemetry.StartStep(definition, request.RunId, step);
            try
            {
                outcome = step.Action.PerformsIo(services)
                    ? await ExecuteWithTimeoutAsync(step, run, deadline).ConfigureAwait(false)
                    : await step.Action.ExecuteAsync(run, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                traces.Add(Trace(StepStatus.Cancelled, cancellationToken.IsCancellationRequested ? "cancelled" : "run timed out"));
                WorkflowTelemetry.EndStep(activity, StepStatus.Cancelled, null, null);
                return Stopped();
            }
            catch (Exception ex)
            {
                traces.Add(Trace(StepStatus.Failed, ex.Message));
                WorkflowTelemetry.EndStep(activity, StepStatus.Failed, null, ex.Message);
                var reason = step.FailureReason ?? (ex as StepFailedException)?.Reason ?? StepFailedReason;
                return Finish(RunStatus.Failed, reason, $"step '{step.Id}' failed: {ex.Message}", IsTransient(ex));
            }

            callOutSinceDurable |= step.Action.PerformsIo(services);
            traces.Add(Trace(StepStatus.Completed, null, outcome));
            WorkflowTelemetry.EndStep(activity, StepStatus.Completed, outcome.Branch, null);
            activity?.Dispose();
            if (run.TerminalStatus is { } terminal)
            {
                return Finish(terminal, run.TerminalReason, null);
            }

            nextId = outcome.Next;
            if (nextId is null)
            {
                return Finish(RunStatus.Failed, StepFailedReason, $"step '{step.Id}' did not choose a next step");
            }

            if (request.OnCheckpoint is { } onCheckpoint
                && (request.Checkpoints == CheckpointPolicy.EveryStep || step.Action.PerformsIo(services)))
            {
                // A live view, not a copy: the host serializes it before the run moves on.
                var checkpoint = new RunCheckpoint
                {
                    RunId = request.RunId,
                    WorkflowId = definition.Id,
                    WorkflowVersion = definition.Version,
                    CompletedSteps = traces,
                    Globals = globals,
                    NextStepId = nextId,
                    // A finished call's result must be stored before the next call starts; with checkpoints only
                    // after calls, no later checkpoint comes before it, so each of those must be.
                    MustBeDurable = callOutSinceDurable && (request.Checkpoints == CheckpointPolicy.AfterSideEffects
                        || !definition.TryGetStep(nextId, out var next) || next.Action.PerformsIo(services)),
                };
                callOutSinceDurable &= !checkpoint.MustBeDurable;
                try
                {
                    await onCheckpoint(checkpoint, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return Stopped();
                }
                catch (Exception ex)
                {
                    return Finish(RunStatus.Failed, "CHECKPOINT_FAILED", $"saving the checkpoint after '{step.Id}' failed: {ex.Message}", retryable: true);
                }
            }
        }

        return Finish(RunStatus.Failed, StepFailedReason, "run ended without a terminate step");
    }

    private async ValueTask<StepOutcome> ExecuteWithTimeoutAsync(StepDefinition step, RunContext run, StepDeadline deadline)
    {
        var timeout = step.Timeout ?? services.Options.DefaultStepTimeout;
        try
        {
            return await step.Action.ExecuteAsync(run, deadline.Start(timeout)).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.TimedOut)
        {
            throw new StepFailedException($"timed out after {timeout.TotalSeconds:0.###}s", StepTimeoutReason, ex);
        }
        finally
        {
            deadline.End();
        }
    }

    /// <summary>Timeouts, transport errors and HTTP 408/429/5xx may succeed on another attempt; bad input or expressions will not.</summary>
    private static bool IsTransient(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case OperationCanceledException or TimeoutException:
                    return true;
                case HttpRequestException http:
                    return http.StatusCode is null or System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests
                        || (int)http.StatusCode >= 500;
                case ExpressionException:
                    return false;
            }

            // An open circuit or a resilience timeout (Polly, behind the host's standard HTTP handler) passes
            // with time; matched by name so the engine does not depend on Polly.
            if (current.GetType().FullName is "Polly.CircuitBreaker.BrokenCircuitException" or "Polly.Timeout.TimeoutRejectedException"
                || current.GetType().BaseType?.FullName == "Polly.CircuitBreaker.BrokenCircuitException")
            {
                return true;
            }
        }

        return false;
    }

    private static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => JsonValue.Create(element),
    };
}

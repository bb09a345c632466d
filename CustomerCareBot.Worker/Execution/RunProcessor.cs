using System.Diagnostics;
using System.Text.Json;
using CustomerCareBot.Runs;
using CustomerCareBot.Workflows;
using CustomerCareBot.Worker.Intake;
using CustomerCareBot.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Worker.Execution;

/// <summary>
/// One delivery of one run: start it in the run store, run the workflow with a checkpoint after each step,
/// then write the result and acknowledge the entry in one step. What is not acknowledged is delivered again.
/// </summary>
public sealed class RunProcessor(
    WorkflowCatalog catalog,
    WorkflowRunner runner,
    RunRecorder recorder,
    RunStream stream,
    ConsumerIdentity consumer,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    PhoneRedaction redaction,
    ILogger<RunProcessor> logger)
{
    public async Task ProcessAsync(RunEntry entry, CancellationToken hardStop)
    {
        // Every log line of this delivery (dead-lettering included) carries the run and workflow ids.
        using var scope = logger.BeginScope(new RunLogScope(entry.RunId, entry.WorkflowId));
        var start = await recorder.StartAsync(entry.RunId, options.Value.MaxDeliveries, consumer.Name);
        switch (start.Outcome)
        {
            case StartOutcome.AlreadyEnded or StartOutcome.Missing:
                await stream.AcknowledgeAsync(entry.EntryId);
                return;
            case StartOutcome.Exhausted:
                await stream.DeadLetterAsync(entry,
                    $"Delivered {start.Attempt - 1} times without finishing (limit {options.Value.MaxDeliveries}).",
                    start.Attempt - 1, clock.GetUtcNow());
                metrics.DeadLettered(entry.WorkflowId);
                logger.LogWarning("Run {RunId} dead-lettered after {Deliveries} deliveries", entry.RunId, start.Attempt - 1);
                return;
        }

        ActivityContext.TryParse(entry.TraceParent, null, out var parent);
        using var activity = WorkerMetrics.Source.StartActivity($"run {entry.WorkflowId}", ActivityKind.Consumer, parent);
        activity?.SetTag("workflow.id", entry.WorkflowId);
        activity?.SetTag("run.id", entry.RunId);
        activity?.SetTag("run.attempt", start.Attempt);

        if (start.Attempt == 1 && entry.EnqueuedAtMs > 0)
        {
            metrics.Started(entry.WorkflowId, clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(entry.EnqueuedAtMs));
        }

        if (!catalog.TryGet(entry.WorkflowId, out var definition))
        {
            await CompleteAsync(entry, RunStatuses.Failed, null, "unknown-workflow",
                $"This worker has no workflow '{entry.WorkflowId}'.", "[]", "{}", null, TimeSpan.Zero);
            return;
        }

        var begun = clock.GetTimestamp();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        var cancelRequested = start.CancelRequested;
        if (cancelRequested)
        {
            await cancel.CancelAsync();
        }

        using var trigger = JsonDocument.Parse(start.TriggerJson ?? "{}");
        var trace = await runner.RunAsync(definition, new RunRequest
        {
            RunId = entry.RunId,
            Trigger = trigger.RootElement,
            Checkpoints = options.Value.Checkpoints,
            ResumeFrom = start.CheckpointJson is { } cp ? JsonSerializer.Deserialize(cp, WorkflowJsonContext.Default.RunCheckpoint) : null,
            OnCheckpoint = async (checkpoint, _) =>
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(checkpoint, WorkflowJsonContext.Default.RunCheckpoint);
                if (!checkpoint.MustBeDurable)
                {
                    recorder.StoreCheckpointInBackground(entry.RunId, json);
                    return;
                }

                if (await recorder.CheckpointAsync(entry.RunId, json, consumer.Name, entry.EntryId) && !cancelRequested)
                {
                    cancelRequested = true;
                    await cancel.CancelAsync();
                }
            },
        }, cancel.Token);

        foreach (var step in trace.Steps)
        {
            metrics.Step(entry.WorkflowId, step.Type, step.Status, step.DurationMs);
        }

        if (trace.Status == RunStatus.Cancelled && !cancelRequested)
        {
            // Stopped by shutdown, not by a user: another worker resumes it from the last checkpoint.
            logger.LogInformation("Run {RunId} interrupted by shutdown; left pending", entry.RunId);
            return;
        }

        if (trace.Status == RunStatus.Failed && trace.Retryable)
        {
            // A transient failure (API down, timeout): delivered again after the claim idle time, and
            // dead-lettered once the delivery limit is reached.
            activity?.SetStatus(ActivityStatusCode.Error, trace.Error);
            await recorder.AwaitRedeliveryAsync(entry.RunId, trace.Reason, trace.Error);
            logger.LogWarning("Run {RunId} attempt {Attempt} failed transiently ({Reason}: {Error}); left pending for redelivery",
                entry.RunId, start.Attempt, trace.Reason, redaction.Redact(trace.Error));
            return;
        }

        var status = trace.Status switch
        {
            RunStatus.Completed => RunStatuses.Completed,
            RunStatus.Cancelled => RunStatuses.Cancelled,
            _ => RunStatuses.Failed,
        };
        if (status == RunStatuses.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, trace.Error);
        }

        activity?.SetTag("run.status", status);
        activity?.SetTag("run.final_status", trace.FinalStatus);
        await CompleteAsync(entry, status, trace.FinalStatus, trace.Reason, trace.Error,
            JsonSerializer.Serialize(trace.Steps, WorkflowJsonContext.Default.IReadOnlyListStepTrace),
            trace.Globals.ToJsonString(),
            trace.Output?.ToJsonString(),
            clock.GetElapsedTime(begun));
    }

    private async Task CompleteAsync(RunEntry entry, string status, string? finalStatus, string? reason, string? error,
        string stepsJson, string globalsJson, string? outputJson, TimeSpan duration)
    {
        await recorder.CompleteAsync(entry.RunId, entry.EntryId,
            new RunResult(status, finalStatus, reason, error, stepsJson, globalsJson, outputJson, null));
        metrics.Finished(entry.WorkflowId, status, finalStatus, duration);
    }
}

/// <summary>Puts run id and workflow id on every log line written while a run executes.</summary>
internal sealed record RunLogScope(string RunId, string WorkflowId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index == 0
        ? new("RunId", RunId)
        : new("WorkflowId", WorkflowId);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RunId:{RunId} WorkflowId:{WorkflowId}";
}

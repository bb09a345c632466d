using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerCareBot.Worker.Telemetry;

/// <summary>The run and queue metrics the dashboard shows. Names and units follow OpenTelemetry conventions.</summary>
public sealed class WorkerMetrics
{
    public static readonly ActivitySource Source = new(ServiceDefaultsExtensions.TelemetryName);

    private readonly Counter<long> _finished;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _stepDuration;
    private readonly Histogram<double> _queueWait;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _reclaims;
    private readonly Counter<long> _deadLetters;

    public WorkerMetrics(IMeterFactory meterFactory, QueueGauges gauges)
    {
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        _finished = meter.CreateCounter<long>("customercarebot.runs.finished", "{run}", "Runs that reached a terminal state.");
        _runDuration = meter.CreateHistogram<double>("customercarebot.run.duration", "s", "Time from a run's start to its end.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _stepDuration = meter.CreateHistogram<double>("customercarebot.step.duration", "s", "Time one step took, by step type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });
        _queueWait = meter.CreateHistogram<double>("customercarebot.run.queue_wait", "s", "Time from enqueue to the run's start.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60] });
        _inFlight = meter.CreateUpDownCounter<long>("customercarebot.runs.in_flight", "{run}", "Runs executing in this worker.");
        _reclaims = meter.CreateCounter<long>("customercarebot.runs.reclaimed", "{run}", "Entries taken over from a dead or stuck worker.");
        _deadLetters = meter.CreateCounter<long>("customercarebot.runs.dead_lettered", "{run}", "Entries moved to the dead-letter stream.");
        meter.CreateObservableGauge("customercarebot.stream.length", () => gauges.Length, "{entry}", "Entries in the run stream (queued and in flight).");
        meter.CreateObservableGauge("customercarebot.stream.pending", () => gauges.Pending, "{entry}", "Entries delivered to a worker and not yet acknowledged.");
        meter.CreateObservableGauge("customercarebot.stream.lag", () => gauges.Lag, "{entry}", "Entries not yet delivered to any worker.");
    }

    public void Started(string workflowId, TimeSpan queueWait) =>
        _queueWait.Record(queueWait.TotalSeconds, new KeyValuePair<string, object?>("workflow.id", workflowId));

    public void InFlight(int delta) => _inFlight.Add(delta);

    public void Finished(string workflowId, string status, string? finalStatus, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "workflow.id", workflowId },
            { "run.status", status },
            { "run.final_status", finalStatus ?? string.Empty },
        };
        _finished.Add(1, tags);
        _runDuration.Record(duration.TotalSeconds, tags);
    }

    public void Step(string workflowId, string stepType, string status, double durationMs) =>
        _stepDuration.Record(durationMs / 1000, new TagList
        {
            { "workflow.id", workflowId },
            { "step.type", stepType },
            { "step.status", status },
        });

    public void Reclaimed(string workflowId) => _reclaims.Add(1, new KeyValuePair<string, object?>("workflow.id", workflowId));

    public void DeadLettered(string workflowId) => _deadLetters.Add(1, new KeyValuePair<string, object?>("workflow.id", workflowId));
}

/// <summary>Stream length, pending and lag, sampled in the background so gauges never call Redis on the export path.</summary>
public sealed class QueueGauges
{
    public long Length { get; set; }

    public long Pending { get; set; }

    public long Lag { get; set; }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerCareBot.Api;

internal static class ApiTelemetry
{
    public static readonly ActivitySource Source = new(ServiceDefaultsExtensions.TelemetryName);
}

/// <summary>The Api's product metrics; the Worker owns the run and queue ones.</summary>
internal sealed class ApiMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _rejected;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        _accepted = meter.CreateCounter<long>("customercarebot.runs.accepted", "{run}", "Runs accepted by the webhook endpoints.");
        _replays = meter.CreateCounter<long>("customercarebot.runs.idempotent_replays", "{request}",
            "Webhook requests answered with an earlier run because of their Idempotency-Key.");
        _rejected = meter.CreateCounter<long>("customercarebot.runs.backpressure_rejections", "{request}",
            "Webhook requests refused with 503 because the backlog was at its limit.");
    }

    public void Accepted(string workflowId) => _accepted.Add(1, new KeyValuePair<string, object?>("workflow.id", workflowId));

    public void IdempotentReplay(string workflowId) => _replays.Add(1, new KeyValuePair<string, object?>("workflow.id", workflowId));

    public void BackpressureRejected(string workflowId) => _rejected.Add(1, new KeyValuePair<string, object?>("workflow.id", workflowId));
}

using System.Diagnostics;
using CustomerCareBot.Tests.Infrastructure;
using OpenTelemetry.Metrics;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>
/// Spans and metrics of the Api and the Worker, read from in-memory exporters of in-process hosts running
/// against the AppHost's Redis and MockApis.
/// </summary>
[Collection(OperabilityCollection.Name)]
public sealed class TelemetryTests(OperabilityFixture stack)
{
    [Fact]
    public async Task One_trace_runs_from_the_webhook_to_terminate()
    {
        var phone = Phones.Unique();
        var runId = await stack.LocalApiClient.EnqueueAsync("where is my order?", phone);
        var run = await stack.LocalApiClient.WaitForRunAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());

        var runSpan = await Poll.UntilAsync(
            () => Task.FromResult(Distinct(stack.LocalWorker.Telemetry.Spans).FirstOrDefault(s => Tag(s, "run.id") == runId && s.Source.Name == "CustomerCareBot" && s.Kind == ActivityKind.Consumer)),
            s => s is not null, TimeSpan.FromSeconds(10), "the run span to end");
        var trace = Distinct(stack.LocalApi.Telemetry.Spans.Concat(stack.LocalWorker.Telemetry.Spans))
            .Where(s => s.TraceId == runSpan!.TraceId).ToList();
        var byId = trace.ToDictionary(s => s.SpanId);

        // Api: the request span, then "run enqueue" under it.
        var request = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
                                                && Tag(s, "url.path") == "/webhooks/customer-care");
        Assert.False(byId.ContainsKey(request.ParentSpanId), "the Api request span is the top of the trace");
        var enqueue = Assert.Single(trace, s => s.DisplayName == "run enqueue");
        Assert.Equal(request.SpanId, enqueue.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, enqueue.Kind);
        Assert.Equal("customer-care", Tag(enqueue, "workflow.id"));
        Assert.Equal(runId, Tag(enqueue, "run.id"));

        // Worker: the run span continues the trace from the stream entry's traceparent.
        Assert.Equal("run customer-care", runSpan!.DisplayName);
        Assert.Equal(ActivityKind.Consumer, runSpan.Kind);
        Assert.Equal(enqueue.SpanId, runSpan.ParentSpanId);
        Assert.Equal("completed", Tag(runSpan, "run.status"));
        Assert.Equal("order_status_returned", Tag(runSpan, "run.final_status"));

        // Engine: one span per step, children of the run span, in the order the steps ran, ending in terminate.
        var steps = trace.Where(s => s.Source.Name == "CustomerCareBot.Workflows").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.All(steps, s => Assert.Equal(runSpan.SpanId, s.ParentSpanId));
        Assert.Equal(
            ["webhook-trigger", "initialize-globals", "registration-api", "set-globals-after-api1", "orders-api",
             "set-final-context", "run-agent", "conditional-routing", "terminate-order-status"],
            steps.Select(s => Tag(s, "step.id")));
        Assert.All(steps, s =>
        {
            Assert.Equal("customer-care", Tag(s, "workflow.id"));
            Assert.Equal(runId, Tag(s, "run.id"));
            Assert.Equal("completed", Tag(s, "step.outcome"));
            Assert.False(string.IsNullOrEmpty(Tag(s, "step.type")));
        });
        Assert.Equal("terminate", Tag(steps[^1], "step.type"));
        Assert.Equal("order status", Tag(steps.Single(s => Tag(s, "step.id") == "conditional-routing"), "step.branch"));

        // HTTP client spans inside the httpRequest steps, with the phone number redacted from the URL.
        var httpSteps = steps.Where(s => Tag(s, "step.type") == "httpRequest").ToDictionary(s => s.SpanId, s => Tag(s, "step.id"));
        var calls = trace.Where(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http").ToList();
        Assert.Contains(calls, c => httpSteps.GetValueOrDefault(c.ParentSpanId) == "registration-api" && Tag(c, "http.request.method") == "GET");
        Assert.Contains(calls, c => httpSteps.GetValueOrDefault(c.ParentSpanId) == "orders-api" && Tag(c, "http.request.method") == "POST");
        Assert.All(calls, c => Assert.True(httpSteps.ContainsKey(c.ParentSpanId), $"{c.DisplayName} {Tag(c, "url.full")} is not under an httpRequest step"));
        var registrationCall = calls.First(c => httpSteps.GetValueOrDefault(c.ParentSpanId) == "registration-api");
        Assert.Contains("/registration/[phone]", Tag(registrationCall, "url.full"), StringComparison.Ordinal);
        Assert.All(trace, s => Assert.DoesNotContain(Phones.Core(phone), string.Join(" ", s.TagObjects.Select(t => t.Value)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_queue_and_api_metrics_are_exported()
    {
        var api = stack.LocalApiClient;

        // A run, and the same webhook again with its Idempotency-Key: an idempotent replay.
        var key = $"op-{Guid.NewGuid():N}";
        var payload = RunClient.CustomerCarePayload("I want a refund", Phones.Unique());
        var (first, firstBody) = await api.PostWebhookAsync("customer-care", payload, key);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var (replay, _) = await api.PostWebhookAsync("customer-care", payload, key);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var runId = firstBody.GetProperty("runId").GetString()!;
        await api.WaitForRunAsync(runId);

        // Intake paused: runs pile up to the backlog limit, the next one is refused, and the gauges see the pile.
        (await stack.LocalWorkerClient.PostAsync("/intake/pause", null)).EnsureSuccessStatusCode();
        var queued = new List<string>();
        try
        {
            for (var i = 0; i < OperabilityFixture.LocalMaxBacklog; i++)
            {
                queued.Add(await api.EnqueueAsync("hello there", Phones.Unique()));
            }

            var (refused, _) = await api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("hello", Phones.Unique()));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

            await Poll.UntilAsync(() =>
                {
                    stack.LocalWorker.FlushMetrics();
                    return Task.FromResult((Gauge("customercarebot.stream.length"), Gauge("customercarebot.stream.lag")));
                },
                g => g.Item1 >= OperabilityFixture.LocalMaxBacklog && g.Item2 >= OperabilityFixture.LocalMaxBacklog,
                TimeSpan.FromSeconds(20), "the stream gauges to show the paused backlog");
        }
        finally
        {
            (await stack.LocalWorkerClient.PostAsync("/intake/resume", null)).EnsureSuccessStatusCode();
        }

        foreach (var id in queued)
        {
            Assert.Equal("completed", (await api.WaitForRunAsync(id)).GetProperty("status").GetString());
        }

        stack.LocalApi.FlushMetrics();
        stack.LocalWorker.FlushMetrics();
        var apiTelemetry = stack.LocalApi.Telemetry;
        var workerTelemetry = stack.LocalWorker.Telemetry;

        Assert.True(Sum(apiTelemetry, "customercarebot.runs.accepted", ("workflow.id", "customer-care")) >= 1 + OperabilityFixture.LocalMaxBacklog);
        Assert.True(Sum(apiTelemetry, "customercarebot.runs.idempotent_replays", ("workflow.id", "customer-care")) >= 1);
        Assert.True(Sum(apiTelemetry, "customercarebot.runs.backpressure_rejections", ("workflow.id", "customer-care")) >= 1);

        var finished = Require(workerTelemetry, "customercarebot.runs.finished", "{run}");
        Assert.Contains(Points(finished), p => Has(p, "run.status", "completed") && Has(p, "run.final_status", "routed_to_refunds") && p.GetSumLong() >= 1);
        Assert.Contains(Points(finished), p => Has(p, "run.status", "completed") && Has(p, "run.final_status", "auto_responded") && p.GetSumLong() >= OperabilityFixture.LocalMaxBacklog);

        var runDuration = Require(workerTelemetry, "customercarebot.run.duration", "s");
        Assert.Contains(Points(runDuration), p => Has(p, "run.status", "completed") && p.GetHistogramCount() >= 1);

        var stepDuration = Require(workerTelemetry, "customercarebot.step.duration", "s");
        var stepTypes = Points(stepDuration).Select(p => TagOf(p, "step.type")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "trigger", "setGlobals", "httpRequest", "runAgent", "route", "terminate" }, stepTypes);

        var queueWait = Require(workerTelemetry, "customercarebot.run.queue_wait", "s");
        Assert.True(Points(queueWait).Sum(p => p.GetHistogramCount()) >= 1 + OperabilityFixture.LocalMaxBacklog);

        var inFlight = Require(workerTelemetry, "customercarebot.runs.in_flight", "{run}");
        Assert.Equal(0, Points(inFlight).Sum(p => p.GetSumLong()));

        foreach (var gauge in new[] { "customercarebot.stream.length", "customercarebot.stream.pending", "customercarebot.stream.lag" })
        {
            Require(workerTelemetry, gauge, "{entry}");
        }
    }

    [Fact]
    public async Task Reclaims_and_dead_letters_are_counted()
    {
        var before = (Sum(stack.LocalWorker, "customercarebot.runs.reclaimed"), Sum(stack.LocalWorker, "customercarebot.runs.dead_lettered"));
        (await stack.MockApis.PostAsync("/control/down", null)).EnsureSuccessStatusCode();
        try
        {
            // orders-api fails transiently: the run waits for redelivery, the reclaimer takes it back after the
            // claim idle time, and with one delivery allowed it goes to the dead-letter stream.
            await stack.LocalApiClient.EnqueueAsync("where is my order?", Phones.Unique());
            await Poll.UntilAsync(
                () => Task.FromResult((Sum(stack.LocalWorker, "customercarebot.runs.reclaimed"), Sum(stack.LocalWorker, "customercarebot.runs.dead_lettered"))),
                now => now.Item1 > before.Item1 && now.Item2 > before.Item2,
                TimeSpan.FromSeconds(30), "a reclaim and a dead letter");
        }
        finally
        {
            (await stack.MockApis.DeleteAsync("/control/faults")).EnsureSuccessStatusCode();
        }

        var deadLetters = stack.LocalWorker.Telemetry.LatestMetric("customercarebot.runs.dead_lettered")!;
        Assert.Equal("{run}", deadLetters.Unit);
        Assert.Contains(Points(deadLetters), p => Has(p, "workflow.id", "customer-care"));
        var reclaims = stack.LocalWorker.Telemetry.LatestMetric("customercarebot.runs.reclaimed")!;
        Assert.Contains(Points(reclaims), p => Has(p, "workflow.id", "customer-care"));
    }

    private long Gauge(string name) =>
        stack.LocalWorker.Telemetry.LatestMetric(name) is { } m ? Points(m).Sum(p => p.GetGaugeLastValueLong()) : -1;

    private static long Sum<T>(InProcessHost<T> host, string name) where T : class
    {
        host.FlushMetrics();
        return host.Telemetry.LatestMetric(name) is { } m ? Points(m).Sum(p => p.GetSumLong()) : 0;
    }

    private static long Sum(TelemetryCapture telemetry, string name, (string Key, string Value) tag) =>
        Points(Require(telemetry, name, "{request}", "{run}")).Where(p => Has(p, tag.Key, tag.Value)).Sum(p => p.GetSumLong());

    private static MetricSnapshot Require(TelemetryCapture telemetry, string name, params string[] units)
    {
        var metric = telemetry.LatestMetric(name);
        Assert.True(metric is not null, $"metric {name} was not exported");
        Assert.Contains(metric!.Unit, units);
        return metric;
    }

    private static List<MetricPoint> Points(MetricSnapshot metric) => [.. metric.MetricPoints];

    private static string? TagOf(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static bool Has(MetricPoint point, string key, string value) => TagOf(point, key) == value;

    private static string? Tag(Activity? activity, string key) => activity?.GetTagItem(key)?.ToString();

    /// <summary>Every in-process provider exports every span of the process: keep one copy of each.</summary>
    private static IEnumerable<Activity> Distinct(IEnumerable<Activity> spans) => spans.DistinctBy(s => s.SpanId);
}

/// <summary>Phone numbers for tests: unique per call, registered in MockApis (not ending in 0).</summary>
public static class Phones
{
    public static string Unique() => "+92301" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)[..6] + "7";

    /// <summary>The digits both forms share: +92301xxxxxx7 goes to MockApis as 0301xxxxxx7.</summary>
    public static string Core(string phone) => phone[3..];
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CustomerCareBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>Logs are structured, carry the run in scope, and never hold a phone number in clear.</summary>
[Collection(OperabilityCollection.Name)]
public sealed class LoggingTests(OperabilityFixture stack)
{
    [Fact]
    public async Task In_process_logs_carry_the_run_scope_and_no_phone_number()
    {
        var phone = Phones.Unique();
        var runId = await stack.LocalApiClient.EnqueueAsync("where is my order?", phone);
        await stack.LocalApiClient.WaitForRunAsync(runId);
        var runSpan = await Poll.UntilAsync(
            () => Task.FromResult(stack.LocalWorker.Telemetry.Spans.Snapshot().FirstOrDefault(s => s.GetTagItem("run.id") as string == runId && s.Kind == System.Diagnostics.ActivityKind.Consumer)),
            s => s is not null, TimeSpan.FromSeconds(10), "the run span");

        // Every log line either host wrote (FakeLogCollector sees them all, whatever the provider): no phone.
        var fakeRecords = stack.LocalApi.LogCollector.GetSnapshot().Concat(stack.LocalWorker.LogCollector.GetSnapshot()).ToList();
        Assert.NotEmpty(fakeRecords);
        foreach (var record in fakeRecords)
        {
            var text = string.Join(" | ", new[] { record.Category, record.Message, record.Exception?.ToString() }
                .Concat(record.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? [])
                .Concat(record.Scopes.Select(s => s?.ToString())));
            Assert.DoesNotContain(Phones.Core(phone), text, StringComparison.Ordinal);
        }

        // What OpenTelemetry exports (the dashboard's structured logs): no phone either, and the registration
        // call is still logged, with the number redacted, inside the run's scope and trace.
        var otelLogs = stack.LocalWorker.Telemetry.Logs.Snapshot();
        Assert.All(otelLogs, l => Assert.DoesNotContain(Phones.Core(phone), l.AllText, StringComparison.Ordinal));
        var registration = otelLogs.SingleOrDefault(l => l.TraceId == runSpan!.TraceId && l.Message?.Contains("/registration/[phone]", StringComparison.Ordinal) == true);
        Assert.True(registration is not null, "no redacted registration call in the run's trace; HTTP logs: "
            + string.Join(Environment.NewLine, otelLogs.Where(l => l.Message?.Contains("HTTP", StringComparison.Ordinal) == true).Select(l => $"{l.TraceId} {l.AllText}"))
            + "; categories: " + string.Join(", ", otelLogs.Select(l => l.Category).Distinct())
            + "; fake: " + string.Join(", ", fakeRecords.Select(l => l.Category).Distinct()));
        Assert.Equal(runId, registration!.Scope("RunId"));
        Assert.Equal("customer-care", registration.Scope("WorkflowId"));
        Assert.Equal(LogLevel.Information, registration.Level);
        Assert.Contains(registration.Attributes, a => a.Key == "StatusCode" && a.Value == "200");
        Assert.DoesNotContain(otelLogs, l => l.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_logs_of_the_apphost_hold_no_phone_number()
    {
        // The services' console output, as the dashboard shows it (replayed from the start, then live).
        var lines = new SyncCollection<string>();
        using var stop = new CancellationTokenSource();
        var logs = stack.App.Services.GetRequiredService<ResourceLoggerService>();
        var instances = await InstancesAsync("api", "worker");
        var watchers = instances.Select(i => WatchAsync(logs, i.Resource, i.Instance, lines, stop.Token)).ToList();
        try
        {
            var phone = Phones.Unique();
            var runId = await stack.Api.EnqueueAsync("I want to return this", phone);
            await stack.Api.WaitForRunAsync(runId);

            await Poll.UntilAsync(
                () => Task.FromResult(lines.Snapshot()),
                l => l.Any(line => line.StartsWith("[worker]", StringComparison.Ordinal) && line.Contains("/registration/[phone]", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20), "the Worker's redacted registration call in its console output");
            Assert.DoesNotContain(lines.Snapshot(), l => l.Contains(Phones.Core(phone), StringComparison.Ordinal));
            Assert.DoesNotContain(lines.Snapshot(), l => l.Contains("Start processing HTTP request", StringComparison.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(watchers);
        }
    }

    /// <summary>Logs are kept per instance (e.g. worker-abc123): find the instance ids from the resource snapshots.</summary>
    private async Task<List<(string Resource, string Instance)>> InstancesAsync(params string[] names)
    {
        var found = new List<(string, string)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var change in stack.App.ResourceNotifications.WatchAsync(cts.Token))
        {
            if (names.Contains(change.Resource.Name) && !found.Contains((change.Resource.Name, change.ResourceId)))
            {
                found.Add((change.Resource.Name, change.ResourceId));
            }

            if (names.All(n => found.Any(f => f.Item1 == n)))
            {
                return found;
            }
        }

        return found;
    }

    private static async Task WatchAsync(ResourceLoggerService logs, string resource, string instance, SyncCollection<string> lines, CancellationToken stop)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(instance).WithCancellation(stop))
            {
                foreach (var line in batch)
                {
                    lines.Add($"[{resource}] {line.Content}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Theory]
    [InlineData("HTTP 503 from GET registration /registration/03001234567", "HTTP 503 from GET registration /registration/[phone]")]
    [InlineData("call +923001234567 or %2B923001234567", "call [phone] or [phone]")]
    [InlineData("run 0199ab12345678901234cdef failed", "run 0199ab12345678901234cdef failed")]
    [InlineData("port 5090, 42 steps", "port 5090, 42 steps")]
    public void Phone_redaction_replaces_numbers_with_the_erasing_redactor(string text, string expected)
    {
        var redaction = new PhoneRedaction(new SingleRedactorProvider(ErasingRedactor.Instance));
        Assert.Equal(expected, redaction.Redact(text));
    }

    private sealed class SingleRedactorProvider(Redactor redactor) : IRedactorProvider
    {
        public Redactor GetRedactor(Microsoft.Extensions.Compliance.Classification.DataClassificationSet classifications) => redactor;
    }
}

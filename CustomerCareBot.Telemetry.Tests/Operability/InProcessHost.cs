using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>
/// The Api or the Worker running in the test process with its own Program, configuration from
/// <paramref name="settings"/>, and in-memory exporters added to the OpenTelemetry setup ServiceDefaults made:
/// spans, metric snapshots and log records land in <see cref="Telemetry"/>; every log line also lands in the
/// <see cref="FakeLogCollector"/> (Microsoft.Extensions.Diagnostics.Testing).
/// </summary>
public sealed class InProcessHost<TEntryPoint>(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    public TelemetryCapture Telemetry { get; } = new();

    public FakeLogCollector LogCollector => Services.GetFakeLogCollector();

    /// <summary>Collects the metrics now (the in-memory reader has no timer of its own).</summary>
    public void FlushMetrics() => Services.GetRequiredService<MeterProvider>().ForceFlush();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddInMemoryExporter(Telemetry.Spans))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(Telemetry.Metrics));
            services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new LogCaptureProcessor(Telemetry.Logs)));
            services.AddFakeLogging();
            configureServices?.Invoke(services);
        });
    }
}

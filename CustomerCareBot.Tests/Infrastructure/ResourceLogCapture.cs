using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Tests.Infrastructure;

/// <summary>
/// Copies the console output of every resource instance (replicas and restarts included) into
/// <c>TestResults/logs/{fixture}.log</c>, so a failing integration test can be understood from CI's output folder.
/// Logs are kept per instance (e.g. <c>worker-abc123</c>), so instances are discovered from resource notifications.
/// </summary>
public sealed class ResourceLogCapture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StreamWriter _writer;
    private readonly ConcurrentDictionary<string, Task> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ResourceLoggerService _logs;
    private readonly Task _discovery;

    public ResourceLogCapture(DistributedApplication app, string fixtureName)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "logs");
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, $"{fixtureName}-{DateTime.UtcNow:HHmmss}-{Environment.ProcessId}.log");
        _writer = new StreamWriter(FilePath) { AutoFlush = true };
        _logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _discovery = DiscoverAsync(app.Services.GetRequiredService<ResourceNotificationService>());
    }

    public string FilePath { get; }

    /// <summary>Everything captured so far.</summary>
    public string ReadAll()
    {
        lock (_gate)
        {
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    private async Task DiscoverAsync(ResourceNotificationService notifications)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(_stop.Token))
            {
                _ = _watchers.GetOrAdd(update.ResourceId, WatchAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchAsync(string instance)
    {
        try
        {
            await foreach (var batch in _logs.WatchAsync(instance).WithCancellation(_stop.Token))
            {
                lock (_gate)
                {
                    foreach (var line in batch)
                    {
                        _writer.WriteLine($"[{instance}] {line.Content}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _discovery;
        await Task.WhenAll(_watchers.Values);
        _stop.Dispose();
        await _writer.DisposeAsync();
    }
}

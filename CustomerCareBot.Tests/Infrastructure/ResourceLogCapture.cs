using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Tests.Infrastructure;

/// <summary>
/// Copies the console output of every resource into <c>TestResults/logs/{fixture}.log</c>, so a failing
/// integration test can be understood from CI's output folder.
/// </summary>
public sealed class ResourceLogCapture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StreamWriter _writer;
    private readonly List<Task> _watchers = [];
    private readonly Lock _gate = new();

    public ResourceLogCapture(DistributedApplication app, string fixtureName)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "logs");
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, $"{fixtureName}-{DateTime.UtcNow:HHmmss}.log");
        _writer = new StreamWriter(FilePath) { AutoFlush = true };
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources)
        {
            _watchers.Add(WatchAsync(logs, resource));
        }
    }

    public string FilePath { get; }

    private async Task WatchAsync(ResourceLoggerService logs, IResource resource)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stop.Token))
            {
                lock (_gate)
                {
                    foreach (var line in batch)
                    {
                        _writer.WriteLine($"[{resource.Name}] {line.Content}");
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
        await Task.WhenAll(_watchers);
        _stop.Dispose();
        await _writer.DisposeAsync();
    }
}

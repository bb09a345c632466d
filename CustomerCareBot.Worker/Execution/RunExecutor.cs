using CustomerCareBot.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Worker.Execution;

/// <summary>
/// Runs entries from the channel, <see cref="WorkerOptions.Parallelism"/> at a time. On shutdown it stops
/// taking entries, gives runs in flight <see cref="WorkerOptions.ShutdownTimeout"/> to finish, then stops
/// them; whatever did not finish stays pending for another worker to reclaim.
/// </summary>
public sealed class RunExecutor(
    RunChannel channel,
    RunProcessor processor,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    ILogger<RunExecutor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hardStop = new CancellationTokenSource();
        await using var _ = stoppingToken.Register(() => hardStop.CancelAfter(options.Value.ShutdownTimeout));

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism };
        try
        {
            await Parallel.ForEachAsync(channel.ReadAllAsync(stoppingToken), parallel, async (entry, _) =>
            {
                metrics.InFlight(1);
                try
                {
                    await processor.ProcessAsync(entry, hardStop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !hardStop.IsCancellationRequested)
                {
                    // Not acknowledged: the reclaimer delivers it again, and dead-letters it if this keeps happening.
                    logger.LogError(ex, "Run {RunId} (entry {EntryId}) failed outside the workflow; left pending", entry.RunId, entry.EntryId);
                }
                catch (OperationCanceledException)
                {
                    logger.LogInformation("Run {RunId} stopped by shutdown; left pending for another worker", entry.RunId);
                }
                finally
                {
                    channel.Release(entry);
                    metrics.InFlight(-1);
                }
            });
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

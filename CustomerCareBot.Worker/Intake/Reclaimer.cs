using CustomerCareBot.Runs;
using CustomerCareBot.Worker.Execution;
using CustomerCareBot.Worker.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerCareBot.Worker.Intake;

/// <summary>
/// Takes over entries that a dead or stuck worker read and never acknowledged; they resume from their
/// checkpoint. Entries delivered too often are dead-lettered by the executor when they start.
/// </summary>
public sealed class Reclaimer(
    RunStream stream,
    RunChannel channel,
    IntakeSwitch intakeSwitch,
    ConsumerIdentity consumer,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<Reclaimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.ReclaimInterval, clock);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            if (intakeSwitch.Paused || channel.Room == 0)
            {
                continue;
            }

            try
            {
                var claimed = await stream.ClaimAsync(consumer.Name, settings.ClaimIdleTime, channel.Room);
                foreach (var entry in claimed)
                {
                    // Our own slow entries come back too; those we hold are already on their way.
                    if (await channel.WriteAsync(entry, stoppingToken))
                    {
                        metrics.Reclaimed(entry.WorkflowId);
                        logger.LogInformation("Reclaimed run {RunId} (entry {EntryId}) idle over {IdleTime}",
                            entry.RunId, entry.EntryId, settings.ClaimIdleTime);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Reclaiming idle entries failed; trying again next tick");
            }
        }
    }
}

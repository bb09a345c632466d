using CustomerCareBot.Runs;
using CustomerCareBot.Worker.Execution;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerCareBot.Worker.Intake;

/// <summary>
/// Reads the run stream through the consumer group into the channel, only as much as the channel has room
/// for. When there is nothing to read it waits for a wake-up (or the fallback interval) instead of polling.
/// </summary>
public sealed class StreamIntake(
    RunStream stream,
    RunChannel channel,
    WakeUpSignal wakeUp,
    IntakeSwitch intakeSwitch,
    IntakeHeartbeat heartbeat,
    ConsumerIdentity consumer,
    IOptions<WorkerOptions> options,
    ILogger<StreamIntake> logger) : BackgroundService
{
    private bool _groupReady;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var fallback = options.Value.FallbackReadInterval;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            try
            {
                if (intakeSwitch.Paused)
                {
                    intakeSwitch.Parked();
                    await wakeUp.WaitAsync(fallback, stoppingToken);
                    continue;
                }

                if (failures > 0 || !_groupReady)
                {
                    await stream.EnsureGroupAsync();
                    _groupReady = true;
                }

                if (!await channel.WaitForRoomAsync(stoppingToken))
                {
                    return;
                }

                var read = await ReadBatchAsync(stoppingToken);
                failures = 0;
                if (read == 0)
                {
                    // Say we are idle, then look once more: an enqueue between the read and the mark is not missed.
                    await stream.MarkIdleAsync();
                    if (await ReadBatchAsync(stoppingToken) == 0)
                    {
                        await wakeUp.WaitAsync(fallback, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(ex, "Reading the run stream failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> ReadBatchAsync(CancellationToken stoppingToken)
    {
        var room = channel.Room;
        if (room == 0)
        {
            return 0;
        }

        var entries = await stream.ReadAsync(consumer.Name, room);
        foreach (var entry in entries)
        {
            await channel.WriteAsync(entry, stoppingToken);
        }

        return entries.Count;
    }
}

/// <summary>This process's consumer name in the group.</summary>
public sealed class ConsumerIdentity(IOptions<WorkerOptions> options)
{
    public string Name { get; } = options.Value.ConsumerName
        ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}

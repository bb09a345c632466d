using CustomerCareBot.Runs;
using StackExchange.Redis;

namespace CustomerCareBot.Worker.Telemetry;

/// <summary>Samples the stream and its group every few seconds for the queue gauges.</summary>
public sealed class QueueSampler(IConnectionMultiplexer redis, QueueGauges gauges, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), clock);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            try
            {
                var db = redis.GetDatabase();
                gauges.Length = await db.StreamLengthAsync(RedisKeys.Stream);
                var groups = await db.StreamGroupInfoAsync(RedisKeys.Stream);
                var group = groups.FirstOrDefault(g => g.Name == RedisKeys.ConsumerGroup);
                gauges.Pending = group.PendingMessageCount;
                gauges.Lag = group.Lag ?? Math.Max(0, gauges.Length - gauges.Pending);
            }
            catch (RedisException)
            {
                // The stream may not exist yet, or Redis is restarting; the next tick tries again.
            }
        }
    }
}

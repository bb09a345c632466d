using System.Threading.Channels;
using CustomerCareBot.Runs;
using StackExchange.Redis;

namespace CustomerCareBot.Worker.Intake;

/// <summary>
/// Turns the Api's PUBLISH on enqueue into a local signal, so an idle reader sleeps without polling and
/// wakes within a round trip of new work.
/// </summary>
public sealed class WakeUpSignal(IConnectionMultiplexer redis) : IHostedService
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisKeys.WakeUp, (_, _) => _signal.Writer.TryWrite(true));
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(RedisKeys.WakeUp);

    public void Set() => _signal.Writer.TryWrite(true);

    /// <summary>Waits for a wake-up or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

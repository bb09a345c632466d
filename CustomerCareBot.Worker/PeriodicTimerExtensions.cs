namespace CustomerCareBot.Worker;

internal static class PeriodicTimerExtensions
{
    /// <summary>Next tick, or false once the host is stopping (instead of an exception).</summary>
    public static async Task<bool> TickOrStopAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

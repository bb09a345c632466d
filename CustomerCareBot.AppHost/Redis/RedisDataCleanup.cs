using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerCareBot.AppHost.Redis;

/// <summary>
/// Deletes the data folder the AppHost made for its redis-server when the AppHost stops. The folder only serves
/// restarts of that process within one AppHost run (every run makes a new one), so nothing reads it afterwards;
/// left behind, load tests' append-only files would fill the temp folder.
/// </summary>
internal sealed class RedisDataCleanup(string directory, IHostApplicationLifetime lifetime, ILogger<RedisDataCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After every resource is stopped, not when stopping begins: redis-server may still be writing.
        lifetime.ApplicationStopped.Register(Delete);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Delete()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete the Redis data folder {Directory}: {Error}", directory, ex.Message);
        }
    }
}

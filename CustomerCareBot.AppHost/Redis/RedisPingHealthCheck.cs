using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CustomerCareBot.AppHost.Redis;

/// <summary>
/// Healthy once Redis answers PING with the resource's own connection string, so <c>WaitFor(redis)</c>
/// holds dependants until Redis really accepts authenticated commands.
/// </summary>
internal sealed class RedisPingHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IAsyncDisposable
{
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_connection is null)
            {
                var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
                var options = ConfigurationOptions.Parse(connectionString!);
                options.AbortOnConnectFail = true;
                options.ConnectTimeout = 2000;
                _connection = await ConnectionMultiplexer.ConnectAsync(options);
            }

            await _connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            return HealthCheckResult.Unhealthy($"Redis did not answer PING: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

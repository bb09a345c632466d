using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerCareBot.Runs;

public static class RunsServiceCollectionExtensions
{
    /// <summary>Registers the run store and queue; the host adds the Redis client (<c>AddRedisClient("redis")</c>).</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services)
    {
        services.AddOptions<RunsOptions>().BindConfiguration(RunsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunStream>();
        services.AddSingleton<RunRecorder>();
        return services;
    }
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CustomerCareBot.Tests.AppHost;

/// <summary>
/// The AppHost makes a data folder per run for redis-server (its append-only file); stopping the AppHost must
/// remove it, or load tests fill the temp folder with gigabytes nobody reads again.
/// </summary>
public sealed class RedisDataFolderTests
{
    [Fact]
    public async Task Stopping_the_apphost_deletes_the_redis_data_folder_it_made()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CustomerCareBot_AppHost>(["--Redis:Mode=executable"], cts.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        // Only Redis: the services play no part in this.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.Resources.Remove(project);
        }

        var redis = builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == "redis");
        var folder = redis.WorkingDirectory;
        var app = await builder.BuildAsync(cts.Token);
        try
        {
            await app.StartAsync(cts.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", cts.Token);
            await using (var connection = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis", cts.Token))!))
            {
                await connection.GetDatabase().StringSetAsync("ccb:test:written", "1");
            }

            Assert.True(File.Exists(Path.Combine(folder, "redis.conf")), $"redis-server ran without its folder {folder}");
            // The append-only file is what grows; it lives in the same folder.
            Assert.Contains(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories), f => f.Contains("appendonly", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync(cts.Token);
            await app.DisposeAsync();
        }

        Assert.False(Directory.Exists(folder), $"{folder} is still there after the AppHost stopped");
    }
}

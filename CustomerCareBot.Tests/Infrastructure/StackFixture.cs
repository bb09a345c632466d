using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CustomerCareBot.Tests.Infrastructure;

/// <summary>
/// The whole AppHost, started once for the tests that share it: Redis, Api, Worker(s) and MockApis as real
/// processes. Subclasses change the settings a group of tests needs.
/// </summary>
public class StackFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public HttpClient Worker { get; private set; } = null!;

    public HttpClient MockApis { get; private set; } = null!;

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    /// <summary>Every resource's console output, written to a file per fixture for reading after a failure.</summary>
    public ResourceLogCapture LogCapture { get; private set; } = null!;

    /// <summary>Settings given to the Worker(s), as configuration keys.</summary>
    protected virtual IDictionary<string, string> WorkerSettings => new Dictionary<string, string>
    {
        ["Worker:ClaimIdleTime"] = "00:00:03",
        ["Worker:ReclaimInterval"] = "00:00:01",
        ["Worker:MaxDeliveries"] = "3",
        ["Worker:ShutdownTimeout"] = "00:00:05",
        // Retries of the standard resilience handler stay on, with short delays so fault tests finish quickly.
        ["HttpResilience:Retry:Delay"] = "00:00:00.020",
    };

    /// <summary>Settings given to the Api, as configuration keys.</summary>
    protected virtual IDictionary<string, string> ApiSettings => new Dictionary<string, string>
    {
        ["Runs:MaxBacklog"] = "2000",
    };

    protected virtual string[] AppHostArgs => [];

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CustomerCareBot_AppHost>(AppHostArgs, cts.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(project);
            // Nothing collects telemetry in tests; without an exporter endpoint the services stop at once.
            resource.WithEnvironment(c => c.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
            var settings = project.Name switch
            {
                "worker" => WorkerSettings,
                "api" => ApiSettings,
                _ => new Dictionary<string, string>(),
            };
            foreach (var (key, value) in settings)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        App = await builder.BuildAsync(cts.Token);
        LogCapture = new ResourceLogCapture(App, GetType().Name);
        await App.StartAsync(cts.Token);
        foreach (var name in new[] { "redis", "mockapis", "api", "worker" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token);
        }

        Api = App.CreateHttpClient("api", "http");
        Worker = App.CreateHttpClient("worker", "http");
        MockApis = App.CreateHttpClient("mockapis", "http");
        var redisConnection = await App.GetConnectionStringAsync("redis", cts.Token);
        var redisOptions = ConfigurationOptions.Parse(redisConnection!);
        redisOptions.AllowAdmin = true;
        Redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
    }

    public async Task DisposeAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (LogCapture is not null)
        {
            await LogCapture.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}

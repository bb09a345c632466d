using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerCareBot.AppHost.Redis;

internal static class RedisResourceBuilderExtensions
{
    /// <summary>
    /// Adds the <c>redis</c> resource in the mode this machine supports. Every mode yields a resource whose
    /// connection string reaches services as <c>ConnectionStrings__redis</c>.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCustomerCareRedis(
        this IDistributedApplicationBuilder builder, string name = "redis")
    {
        // A published app runs Redis as a container wherever it is deployed; the machine we publish from does not matter.
        var mode = builder.ExecutionContext.IsPublishMode ? RedisMode.Container : RedisModeSelector.Select(builder.Configuration);
        var password = builder.AddParameter($"{name}-password",
            new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true);

        switch (mode)
        {
            case RedisMode.External:
                return builder.AddConnectionString(name);

            case RedisMode.Container:
                var container = builder.AddRedis(name, password: password).WithPersistence(TimeSpan.FromSeconds(1));
                return builder.CreateResourceBuilder<IResourceWithConnectionString>(container.Resource);

            default:
                return builder.AddRedisServer(name, password.Resource);
        }
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, ParameterResource password)
    {
        // Each AppHost run gets its own data folder, so parallel test hosts never share an append-only file.
        var dataDirectory = builder.Configuration["Redis:DataDirectory"];
        if (dataDirectory is null)
        {
            dataDirectory = Path.Combine(Path.GetTempPath(), "customercarebot", $"{name}-{Guid.NewGuid():N}");
            var generated = dataDirectory;
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RedisDataCleanup>(sp, generated));
        }

        Directory.CreateDirectory(dataDirectory);
        var configFile = Path.Combine(dataDirectory, "redis.conf");

        var resource = new RedisServerResource(name, dataDirectory, password);
        var healthCheckKey = $"{name}_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new RedisPingHealthCheck(resource), HealthStatus.Unhealthy, tags: null));

        // The password goes into a file only the owner reads, not onto the command line where 'ps' shows it.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (_, ct) =>
        {
            var secret = await password.GetValueAsync(ct);
            await File.WriteAllTextAsync(configFile, $"requirepass \"{secret}\"\n", ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        });

        // Proxied by default so the port survives a restart of the process; direct (a fixed port) for load tests.
        int? directPort = builder.UsesDirectEndpoints() ? builder.Configuration.GetValue("Redis:Port", 6390) : null;
        return builder.AddResource(resource)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp", port: directPort, targetPort: directPort,
                isProxied: directPort is null)
            .WithArgs(context =>
            {
                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--protected-mode");
                context.Args.Add("yes");
                // Append-only with fsync every second: at most one second of accepted runs is at risk on a power
                // loss; a process crash or restart loses nothing that reached the kernel.
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--appendfsync");
                context.Args.Add("everysec");
                context.Args.Add("--save");
                context.Args.Add(string.Empty);
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
            })
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest()
            .Pipe(b => builder.CreateResourceBuilder<IResourceWithConnectionString>(b.Resource));
    }

    private static TResult Pipe<TSource, TResult>(this TSource source, Func<TSource, TResult> map) => map(source);
}

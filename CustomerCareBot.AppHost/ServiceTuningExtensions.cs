using Microsoft.Extensions.Configuration;

namespace CustomerCareBot.AppHost;

internal static class ServiceTuningExtensions
{
    /// <summary>
    /// <c>AppHost:DirectEndpoints=true</c>: Redis, the Api and MockApis listen on their own ports (Redis on
    /// <c>Redis:Port</c>, default 6390; the others on their launch profile's) instead of behind DCP's proxies. Each
    /// proxy hop costs CPU and latency that a deployment does not have, so the load tool measures this way. Off by
    /// default: fixed ports would collide when test hosts run side by side.
    /// </summary>
    public static bool UsesDirectEndpoints(this IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue("AppHost:DirectEndpoints", false);

    /// <summary>
    /// <c>AppHost:Dashboard</c> (default true), read before the builder exists because the dashboard is decided when it
    /// is created.
    /// </summary>
    public static bool DashboardWanted(string[] args) =>
        DashboardWanted(new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build());

    private static bool DashboardWanted(IConfiguration configuration) => configuration.GetValue("AppHost:Dashboard", true);

    public static IResourceBuilder<ProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        if (project.ApplicationBuilder.UsesDirectEndpoints())
        {
            project.WithEndpoint("http", endpoint => endpoint.IsProxied = false);
        }

        return project;
    }

    /// <summary>
    /// Without a dashboard the AppHost still hands services the dashboard's OTLP address, and their exporters would keep
    /// failing and retrying; an empty endpoint turns exporting off (ServiceDefaults exports only when one is set).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTelemetryExportWhenDashboard(this IResourceBuilder<ProjectResource> project)
    {
        if (!DashboardWanted(project.ApplicationBuilder.Configuration))
        {
            project.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty);
        }

        return project;
    }

    /// <summary>
    /// The runtime promotes hot methods to optimised code only after 100 ms without new first-time compilations. A
    /// service under steady load keeps compiling rarely used paths, so that moment kept moving and the first ~20,000
    /// runs executed unoptimised code at half speed. Zero promotes them as soon as they are hot.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPromptTiering(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("DOTNET_TC_CallCountingDelayMs", "0");
}

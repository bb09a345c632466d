using System.Net.Http.Json;

namespace CustomerCareBot.AppHost;

/// <summary>The buttons an operator gets in the dashboard: intake on the Worker, faults on MockApis.</summary>
internal static class DashboardCommands
{
    public static IResourceBuilder<ProjectResource> WithIntakeCommands(this IResourceBuilder<ProjectResource> worker) => worker
        .WithHttpCommand("/intake/pause", "Pause intake", commandName: "pause-intake", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Stop reading new runs from the stream; runs in flight finish.",
            IconName = "Pause",
        })
        .WithHttpCommand("/intake/resume", "Resume intake", commandName: "resume-intake", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Read runs from the stream again.",
            IconName = "Play",
        });

    public static IResourceBuilder<ProjectResource> WithFaultCommands(this IResourceBuilder<ProjectResource> mockapis) => mockapis
        .WithHttpCommand("/control/faults", "Inject faults", commandName: "inject-faults", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Put,
            Description = "20% of calls fail with 503 and every call takes 50 ms more.",
            IconName = "Warning",
            PrepareRequest = context =>
            {
                context.Request.Content = JsonContent.Create(new { failureRate = 0.2, latencyMs = 50 });
                return Task.CompletedTask;
            },
        })
        .WithHttpCommand("/control/down", "Take APIs down", commandName: "mock-down", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Every mocked API answers 503 until faults are cleared.",
            IconName = "PlugDisconnected",
        })
        .WithHttpCommand("/control/faults", "Clear faults", commandName: "clear-faults", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Delete,
            Description = "Back to the configured latency and no failures.",
            IconName = "CheckmarkCircle",
        });
}

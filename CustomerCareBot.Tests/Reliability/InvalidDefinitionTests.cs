using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CustomerCareBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>
/// The AppHost with Api and Worker pointed at a definitions folder holding customer-care.json and an invalid
/// definition. Unlike <see cref="StackFixture"/> it waits for nothing to be healthy: Api and Worker must not start.
/// </summary>
public sealed class InvalidDefinitionFixture : IAsyncLifetime, IDisposable
{
    public const string File = "broken-workflow.json";
    public const string Step = "bad-step";
    public const string Field = "values";

    private readonly DefinitionsFolder _definitions = new((File, $$"""
        {
          "id": "broken", "version": 1, "name": "Broken",
          "steps": [
            { "id": "webhook-trigger", "name": "Webhook Triggered", "type": "trigger", "next": "{{Step}}" },
            { "id": "{{Step}}", "name": "Bad step", "type": "setGlobals", "values": {}, "next": "done" },
            { "id": "done", "name": "Done", "type": "terminate", "finalStatus": "done" }
          ]
        }
        """));

    public DistributedApplication App { get; private set; } = null!;

    public ResourceLogCapture LogCapture { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CustomerCareBot_AppHost>([], cts.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(project);
            resource.WithEnvironment(c => c.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
            if (project.Name is "api" or "worker")
            {
                resource.WithEnvironment("Workflows__DefinitionsPath", _definitions.Path);
            }
        }

        App = await builder.BuildAsync(cts.Token);
        LogCapture = new ResourceLogCapture(App, nameof(InvalidDefinitionFixture));
        await App.StartAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
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

    public void Dispose() => _definitions.Dispose();
}

[Collection(ReliabilityCollection.Name)]
public sealed class InvalidDefinitionTests(InvalidDefinitionFixture stack, ITestOutputHelper output) : IClassFixture<InvalidDefinitionFixture>
{
    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task Invalid_definition_stops_the_service_at_start_naming_file_step_and_field(string resource)
    {
        var ended = await ResourceInstances.WaitAsync(stack.App, resource, s => s.Count > 0 && s.Values.All(ResourceInstances.HasEnded),
            TimeSpan.FromSeconds(120), $"{resource} to fail at start");
        var snapshot = ended.Values.Single();

        // The resource's own log (what the dashboard shows for it) says why.
        var needle = $"{InvalidDefinitionFixture.File}: step '{InvalidDefinitionFixture.Step}' field '{InvalidDefinitionFixture.Field}'";
        var lines = await Poll.UntilAsync(
            async () => (await ReadSharedAsync(stack.LogCapture.FilePath)).Split('\n').Where(l => l.StartsWith($"[{resource}", StringComparison.Ordinal)).ToArray(),
            l => l.Any(x => x.Contains(needle, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), $"{resource}'s log to name the error");
        output.WriteLine($"{resource}: {ResourceInstances.Describe(snapshot)}");
        foreach (var line in lines.Where(l => l.Contains("workflow definition", StringComparison.Ordinal) || l.Contains(needle, StringComparison.Ordinal)).Take(4))
        {
            output.WriteLine("  " + line.Trim());
        }

        Assert.True(snapshot.State?.Text is "Exited" or "FailedToStart" or "Finished", snapshot.State?.Text);
        Assert.NotNull(snapshot.ExitCode);
        Assert.NotEqual(0, snapshot.ExitCode);
        var healthy = await ResourceInstances.WaitAsync(stack.App, "mockapis", s => s.Count > 0, TimeSpan.FromSeconds(10), "mockapis");
        Assert.False(ResourceInstances.HasEnded(healthy.Values.Single()), "an unrelated resource stopped too");
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

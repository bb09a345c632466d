using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Workflows.Tests;

/// <summary>The engine as a host would wire it, with HTTP served by <see cref="FakeApis"/>.</summary>
internal sealed class TestHost : IDisposable
{
    public const string Secret = "Bearer s3cr3t-token-value";
    private readonly ServiceProvider _provider;

    public TestHost(Dictionary<string, string?>? settings = null, TimeProvider? time = null, IChatClient? chatClient = null, string? definitionsPath = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Workflows:Services:registration"] = "http://mockapis",
            ["Workflows:Services:orders"] = "http://mockapis/",
            ["Workflows:Secrets:accessToken"] = Secret,
        };
        if (definitionsPath is not null) values["Workflows:DefinitionsPath"] = definitionsPath;
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (time is not null) services.AddSingleton(time);
        if (chatClient is not null) services.AddSingleton(chatClient);
        services.AddWorkflowEngine(configuration);
        services.AddHttpClient("workflows").ConfigurePrimaryHttpMessageHandler(() => Apis).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        _provider = services.BuildServiceProvider();
    }

    public FakeApis Apis { get; } = new();

    public WorkflowRunner Runner => _provider.GetRequiredService<WorkflowRunner>();

    public WorkflowCatalog Catalog => _provider.GetRequiredService<WorkflowCatalog>();

    public WorkflowDefinition CustomerCare => Catalog.TryGet("customer-care", out var d) ? d : throw new InvalidOperationException("customer-care missing");

    public static JsonElement Payload(string message, string phone = "+923001234567") =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["customer_id"] = "cust-42",
            ["customer_phone_number"] = phone,
            ["event"] = new Dictionary<string, object> { ["message"] = message },
        });

    public Task<RunTrace> RunAsync(WorkflowDefinition definition, JsonElement trigger,
        Func<RunCheckpoint, CancellationToken, ValueTask>? onCheckpoint = null, RunCheckpoint? resumeFrom = null, CancellationToken ct = default) =>
        Runner.RunAsync(definition, new RunRequest { RunId = "run-1", Trigger = trigger, OnCheckpoint = onCheckpoint, ResumeFrom = resumeFrom }, ct);

    public void Dispose() => _provider.Dispose();
}

using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>
/// Every reliability test class runs in this one collection, so the stacks never compete for the two cores;
/// the shared single-worker stack serves the classes that do not need a stack of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityStackFixture>
{
    public const string Name = "reliability";
}

/// <summary>A temporary definitions folder: a copy of the product's customer-care.json plus extra files.</summary>
public sealed class DefinitionsFolder : IDisposable
{
    public DefinitionsFolder(params (string File, string Json)[] extra)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ccb-reliability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        File.Copy(ProductDefinition("customer-care.json"), System.IO.Path.Combine(Path, "customer-care.json"));
        foreach (var (file, json) in extra)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, file), json);
        }
    }

    public string Path { get; }

    public static string ProductDefinition(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "workflows", file);
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir.FullName, "CustomerCareBot.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"workflows/{file} not found above {AppContext.BaseDirectory}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// One Worker, definitions from a temp folder holding customer-care plus the runaway-expression workflows,
/// and backpressure/recent-index limits high enough that the fuzz test's accepted runs are never refused or trimmed.
/// </summary>
public sealed class ReliabilityStackFixture : StackFixture, IDisposable
{
    public const string LoopWorkflow = "runaway-loop";
    public const string AllocationWorkflow = "runaway-allocation";

    private readonly DefinitionsFolder _definitions = new(
        ("runaway-loop.json", RunawayDefinition(LoopWorkflow, "spin", "while (true) {}")),
        ("runaway-allocation.json", RunawayDefinition(AllocationWorkflow, "hoard", "let s = 'x'; for (;;) { s = s + s; }")));

    protected override IDictionary<string, string> WorkerSettings
    {
        get
        {
            var settings = With(base.WorkerSettings);
            // The outage test must see the breaker open within its first rounds, whatever successes earlier tests left
            // in the sampling window: judge on 20 attempts over 5 s (not 100 over 30 s). The window must be at least
            // twice the attempt timeout, so attempts time out after 2 s here (MockApis answers in milliseconds).
            settings["HttpResilience:CircuitBreaker:MinimumThroughput"] = "20";
            settings["HttpResilience:CircuitBreaker:SamplingDuration"] = "00:00:05";
            settings["HttpResilience:AttemptTimeout:Timeout"] = "00:00:02";
            return settings;
        }
    }

    protected override IDictionary<string, string> ApiSettings
    {
        get
        {
            var settings = With(base.ApiSettings);
            settings["Runs:MaxBacklog"] = "200000";
            settings["Runs:RecentRunsKept"] = "100000";
            return settings;
        }
    }

    private IDictionary<string, string> With(IDictionary<string, string> settings)
    {
        settings["Workflows:DefinitionsPath"] = _definitions.Path;
        return settings;
    }

    public static string RunawayDefinition(string id, string stepId, string script) => $$"""
        {
          "id": "{{id}}", "version": 1, "name": "Runaway {{stepId}}",
          "steps": [
            { "id": "webhook-trigger", "name": "Webhook Triggered", "type": "trigger", "next": "{{stepId}}" },
            { "id": "{{stepId}}", "name": "Runaway {{stepId}}", "type": "setGlobals", "next": "done",
              "values": { "result": {{System.Text.Json.JsonSerializer.Serialize("{{ " + script + " }}")}} } },
            { "id": "done", "name": "Done", "type": "terminate", "finalStatus": "should_never_happen" }
          ]
        }
        """;

    public void Dispose() => _definitions.Dispose();
}

/// <summary>Two Worker replicas sharing the consumer group (default parallelism 32 each).</summary>
public class TwoWorkerReliabilityFixture : StackFixture
{
    public const int Parallelism = 32;

    protected override string[] AppHostArgs => ["--Parameters:worker-replicas=2", $"--Parameters:worker-parallelism={Parallelism}"];
}

public sealed class WorkerKillFixture : TwoWorkerReliabilityFixture;

public sealed class GracefulStopFixture : TwoWorkerReliabilityFixture;

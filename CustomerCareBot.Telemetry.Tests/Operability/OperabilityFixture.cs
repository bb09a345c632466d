extern alias api;
extern alias worker;

using CustomerCareBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>
/// The AppHost (Redis, MockApis, Api, Worker as real processes, MockApis with a known access token) plus an Api
/// and a Worker running IN the test process against the same Redis and MockApis, with in-memory exporters.
/// The in-process pair works in its own Redis database, so the AppHost's Worker never takes its runs (and
/// the dashboard-command tests can pause and resume that Worker without touching them).
/// </summary>
public sealed class OperabilityFixture : StackFixture, IAsyncLifetime
{
    public const string AccessToken = "operability-mock-token-0123456789";

    /// <summary>Backlog limit of the in-process Api: small, so backpressure is easy to reach.</summary>
    public const int LocalMaxBacklog = 3;

    private const int LocalDatabase = 1;

    protected override string[] AppHostArgs => [$"--Parameters:mock-access-token={AccessToken}"];

    /// <summary>HTTP logging turned all the way up (the services ship it at Warning), so the redaction tests have lines to search.</summary>
    private static readonly Dictionary<string, string> VerboseHttpLogging = new()
    {
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        ["Logging:LogLevel:Microsoft.Extensions.Hosting.RedactingHttpClientLogger"] = "Information",
        ["Logging:LogLevel:Polly"] = "Information",
    };

    protected override IDictionary<string, string> WorkerSettings => new Dictionary<string, string>(base.WorkerSettings.Concat(VerboseHttpLogging));

    protected override IDictionary<string, string> ApiSettings => new Dictionary<string, string>(base.ApiSettings.Concat(VerboseHttpLogging));

    public string RedisConnectionString { get; private set; } = null!;

    public Uri MockApisUrl { get; private set; } = null!;

    public InProcessHost<api::Program> LocalApi { get; private set; } = null!;

    public InProcessHost<worker::Program> LocalWorker { get; private set; } = null!;

    public HttpClient LocalApiClient { get; private set; } = null!;

    public HttpClient LocalWorkerClient { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        RedisConnectionString = (await App.GetConnectionStringAsync("redis"))!;
        MockApisUrl = App.GetEndpoint("mockapis", "http");

        LocalApi = new InProcessHost<api::Program>(new Dictionary<string, string>(ServiceSettings(LocalDatabase))
        {
            ["Runs:MaxBacklog"] = LocalMaxBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        LocalWorker = new InProcessHost<worker::Program>(new Dictionary<string, string>(ServiceSettings(LocalDatabase))
        {
            ["Worker:ConsumerName"] = "operability-in-process",
            ["Worker:Parallelism"] = "4",
            // One delivery only, reclaimed after 1 s: a transient failure is reclaimed once, then dead-lettered.
            ["Worker:MaxDeliveries"] = "1",
            ["Worker:ClaimIdleTime"] = "00:00:01",
            ["Worker:ReclaimInterval"] = "00:00:00.200",
            ["Worker:FallbackReadInterval"] = "00:00:00.100",
            ["Worker:ShutdownTimeout"] = "00:00:02",
        });
        LocalApiClient = LocalApi.CreateClient();
        LocalWorkerClient = LocalWorker.CreateClient();
        await Poll.UntilAsync(async () => (await LocalWorkerClient.GetAsync("/health")).StatusCode, s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the in-process Worker to be healthy");
    }

    /// <summary>What an in-process Api or Worker needs: Redis (database <paramref name="database"/>), MockApis, the token.</summary>
    public Dictionary<string, string> ServiceSettings(int database) => new()
    {
        ["ConnectionStrings:redis"] = $"{RedisConnectionString},defaultDatabase={database}",
        ["Workflows:DefinitionsPath"] = Path.Combine(RepoRoot.Path, "workflows"),
        ["Workflows:Services:registration"] = MockApisUrl.ToString(),
        ["Workflows:Services:orders"] = MockApisUrl.ToString(),
        ["Workflows:Secrets:accessToken"] = AccessToken,
        ["Workflows:Agents:default:Kind"] = "rules",
        ["HttpResilience:Retry:Delay"] = "00:00:00.020",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        ["Logging:LogLevel:Microsoft.Extensions.Hosting.RedactingHttpClientLogger"] = "Information",
        ["Logging:LogLevel:Polly"] = "Information",
    };

    async Task IAsyncLifetime.DisposeAsync()
    {
        LocalApiClient?.Dispose();
        LocalWorkerClient?.Dispose();
        if (LocalWorker is not null)
        {
            await LocalWorker.DisposeAsync();
        }

        if (LocalApi is not null)
        {
            await LocalApi.DisposeAsync();
        }

        await DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OperabilityCollection : ICollectionFixture<OperabilityFixture>
{
    public const string Name = "operability";
}

/// <summary>The repository root (where CustomerCareBot.sln is), found from the test binaries.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CustomerCareBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CustomerCareBot.sln above {AppContext.BaseDirectory}");
    }
}

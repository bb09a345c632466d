using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Security;

/// <summary>
/// The whole stack with every protection on, as outside Development: signed webhooks (two active secrets, the current
/// one given to the AppHost as its <c>webhook-signing-secret</c> parameter), an API-key workflow, the operator key
/// (the AppHost's <c>operator-key</c> parameter), and a small rate limit. The MockApis token is a known parameter too,
/// so the tests can look for it where it must not be.
/// </summary>
public sealed class SecurityStackFixture : StackFixture, IAsyncLifetime
{
    public const string CurrentSecret = "whsec-current-3f9a1c7e5b2d4068a1b3c5d7e9f10246";
    public const string OldSecret = "whsec-previous-8d6b4f2a0c9e7d5b3a1f2e4c6b8a0d13";
    public const string ApiKey = "apikey-primary-51c3e7a9b2d4f6081a3c5e7b9d2f4a60";
    public const string SecondApiKey = "apikey-second-0b2d4f6a8c1e3a5c7e9b1d3f5a7c9e24";
    public const string BurstApiKey = "apikey-burst-7e5c3a1f9d7b5a3e1c9f7d5b3a1e9c57";
    public const string OperatorKey = "opkey-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
    public const string MockAccessToken = "mocktoken-4c2a0e8d6b4f2a0c8e6d4b2f0a8c6e4d";

    /// <summary>A copy of customer-care whose webhooks use an API key instead of a signature.</summary>
    public const string KeyedWorkflowId = "customer-care-keyed";

    public const int Burst = 50;

    public static readonly string[] AllSecrets = [CurrentSecret, OldSecret, ApiKey, SecondApiKey, BurstApiKey, OperatorKey, MockAccessToken];

    private static readonly Lazy<string> Definitions = new(CopyDefinitions);
    private HttpClient? _operator;

    /// <summary>The Api, with the operator key on every request (for reading runs).</summary>
    public HttpClient Operator => _operator ??= CreateOperatorClient();

    protected override string[] AppHostArgs =>
    [
        $"--Parameters:webhook-signing-secret={CurrentSecret}",
        $"--Parameters:operator-key={OperatorKey}",
        $"--Parameters:mock-access-token={MockAccessToken}",
    ];

    protected override IDictionary<string, string> ApiSettings => new Dictionary<string, string>(base.ApiSettings)
    {
        ["Workflows:DefinitionsPath"] = Definitions.Value,
        ["Webhooks:Auth:Mode"] = "hmac",
        // Secrets:0 is the AppHost parameter (the current secret); the previous one is still accepted while listed.
        ["Webhooks:Auth:Secrets:1"] = OldSecret,
        ["Webhooks:Auth:ApiKeys:0"] = ApiKey,
        ["Webhooks:Auth:ApiKeys:1"] = SecondApiKey,
        ["Webhooks:Auth:ApiKeys:2"] = BurstApiKey,
        [$"Webhooks:Auth:Workflows:{KeyedWorkflowId}:Mode"] = "apiKey",
        ["Operator:RequireKey"] = "true",
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:PermitsPerSecond"] = "5",
        // Everything that could carry a header is logged, so the leak test has something to search.
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
    };

    protected override IDictionary<string, string> WorkerSettings => new Dictionary<string, string>(base.WorkerSettings)
    {
        ["Workflows:DefinitionsPath"] = Definitions.Value,
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    };

    public Task<long> RecentRunCountAsync() => Redis.GetDatabase().SortedSetLengthAsync("ccb:runs:recent");

    private HttpClient CreateOperatorClient()
    {
        var client = App.CreateHttpClient("api", "http");
        client.DefaultRequestHeaders.Add("X-Operator-Key", OperatorKey);
        return client;
    }

    /// <summary>The shipped definitions plus <see cref="KeyedWorkflowId"/>, in a folder both services read.</summary>
    private static string CopyDefinitions()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "workflows", "customer-care.json")))
        {
            dir = dir.Parent;
        }

        var source = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("workflows/customer-care.json not found above the test binaries"),
            "workflows", "customer-care.json");
        var target = Path.Combine(AppContext.BaseDirectory, "TestResults", "security-workflows");
        Directory.CreateDirectory(target);
        var json = File.ReadAllText(source);
        File.WriteAllText(Path.Combine(target, "customer-care.json"), json);
        var first = json.IndexOf("\"id\": \"customer-care\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(target, $"{KeyedWorkflowId}.json"),
            string.Concat(json.AsSpan(0, first), $"\"id\": \"{KeyedWorkflowId}\"", json.AsSpan(first + "\"id\": \"customer-care\"".Length)));
        return target;
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityStackFixture>
{
    public const string Name = "security";
}

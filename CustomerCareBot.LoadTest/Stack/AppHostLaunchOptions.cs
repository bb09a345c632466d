namespace CustomerCareBot.LoadTest.Stack;

/// <summary>How <see cref="AppHostLauncher"/> starts the AppHost.</summary>
public sealed record AppHostLaunchOptions
{
    public required string RepoRoot { get; init; }

    public int? WorkerReplicas { get; init; }

    public int? WorkerParallelism { get; init; }

    /// <summary>Pass --no-build to dotnet run (default when the AppHost is already built).</summary>
    public bool? NoBuild { get; init; }

    /// <summary>Build configuration of the stack: Release by default, since a load test measures optimized code.</summary>
    public string Configuration { get; init; } = "Release";

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Keep DCP's proxies in front of Redis, the Api and MockApis (the AppHost's default) instead of direct ports.</summary>
    public bool Proxied { get; init; }

    /// <summary>Start the Aspire dashboard too (the services then export all their telemetry to it).</summary>
    public bool Dashboard { get; init; }

    public required string LogFile { get; init; }

    public Uri ApiUrl { get; init; } = new("http://localhost:5080/");

    public Uri WorkerUrl { get; init; } = new("http://localhost:5090/");

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(45);
}

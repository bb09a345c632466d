using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CustomerCareBot.LoadTest.Cli;

/// <summary>Options every scenario command has.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--api-url <URL>")]
    [Description("Api of a running stack (localhost only). Without it the tool starts the AppHost itself and stops it after.")]
    public string? ApiUrl { get; set; }

    [CommandOption("--mockapis-url <URL>")]
    [Description("MockApis of the stack, for --mock-latency-ms (default http://localhost:5180).")]
    public string? MockApisUrl { get; set; }

    [CommandOption("--mock-latency-ms <MS>")]
    [Description("Set MockApis latency before the scenario (PUT /control/faults) and reset it after.")]
    public int? MockLatencyMs { get; set; }

    [CommandOption("--mock-jitter-ms <MS>")]
    [Description("Jitter with --mock-latency-ms.")]
    [DefaultValue(0)]
    public int MockJitterMs { get; set; }

    [CommandOption("--workers <N>")]
    [Description("Worker replicas (passed to the AppHost the tool starts).")]
    public int? Workers { get; set; }

    [CommandOption("--parallelism <P>")]
    [Description("Runs in parallel per worker (passed to the AppHost the tool starts).")]
    public int? Parallelism { get; set; }

    [CommandOption("--timeout <DURATION>")]
    [Description("How long to wait for runs to become terminal after sending (e.g. 90s, 5m). Default 2m.")]
    [DefaultValue("2m")]
    public string Timeout { get; set; } = "2m";

    [CommandOption("--startup-timeout <DURATION>")]
    [Description("Deadline for the started AppHost's Api /health. Default 3m.")]
    [DefaultValue("3m")]
    public string StartupTimeout { get; set; } = "3m";

    [CommandOption("--build")]
    [Description("Let 'dotnet run' build the AppHost (default: --no-build when its bin exists).")]
    public bool Build { get; set; }

    [CommandOption("--configuration <CONFIG>")]
    [Description("Build configuration of the stack the tool starts. Default Release.")]
    [DefaultValue("Release")]
    public string Configuration { get; set; } = "Release";

    [CommandOption("--proxied")]
    [Description("Keep DCP's proxies in front of Redis, the Api and MockApis in the AppHost the tool starts. By default the tool "
        + "starts it with AppHost:DirectEndpoints=true (Redis on 6390, Api 5080, MockApis 5180), as a deployment has no such proxies.")]
    public bool Proxied { get; set; }

    [CommandOption("--dashboard")]
    [Description("Start the Aspire dashboard with the AppHost the tool starts; the services then export every span, metric and "
        + "log to it, and it competes for the same cores. By default the tool starts the AppHost with AppHost:Dashboard=false.")]
    public bool Dashboard { get; set; }

    [CommandOption("--apphost-arg <ARG>")]
    [Description("Extra argument for the AppHost (repeatable), e.g. --apphost-arg --Redis:Mode=executable.")]
    public string[] AppHostArgs { get; set; } = [];

    [CommandOption("--warmup <N>")]
    [Description("Runs sent (up to 64 in flight) and awaited before measuring, not counted. The JIT needs a few thousand runs to "
        + "finish optimising the hot paths: default 5 for report (it measures single requests), 5000 for ramp, sustained and drain.")]
    public int? Warmup { get; set; }

    /// <summary>Warm-up runs when <c>--warmup</c> is not given.</summary>
    protected virtual int DefaultWarmup => 5000;

    public int WarmupRuns => Warmup ?? DefaultWarmup;

    [CommandOption("--workflow <ID>")]
    [DefaultValue("customer-care")]
    public string Workflow { get; set; } = "customer-care";

    [CommandOption("--poll-concurrency <N>")]
    [Description("POST /runs/lookup requests (250 runs each) in flight at once while polling. Default 2.")]
    [DefaultValue(2)]
    public int PollConcurrency { get; set; } = 2;

    [CommandOption("--poll-interval-ms <MS>")]
    [Description("Pause between polling rounds. Default 200.")]
    [DefaultValue(200)]
    public int PollIntervalMs { get; set; } = 200;

    [CommandOption("--max-connections <N>")]
    [Description("MaxConnectionsPerServer of the shared HttpClient. Default 4096.")]
    [DefaultValue(4096)]
    public int MaxConnections { get; set; } = 4096;

    [CommandOption("--output <DIR>")]
    [Description("Where results go. Default <repo>/artifacts/loadtest.")]
    public string? Output { get; set; }

    public TimeSpan TimeoutValue => Durations.Parse(Timeout, "--timeout");

    public TimeSpan StartupTimeoutValue => Durations.Parse(StartupTimeout, "--startup-timeout");

    public override ValidationResult Validate()
    {
        try
        {
            if (TimeoutValue > TimeSpan.FromHours(2) || StartupTimeoutValue > TimeSpan.FromMinutes(30))
            {
                return ValidationResult.Error("--timeout is at most 2h and --startup-timeout at most 30m.");
            }
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        if (Workers is < 1 or > 64 || Parallelism is < 1 or > 10_000)
        {
            return ValidationResult.Error("--workers must be 1..64 and --parallelism 1..10,000.");
        }

        if (Warmup is < 0 or > 100_000)
        {
            return ValidationResult.Error("--warmup must be 0..100,000.");
        }

        if (MockLatencyMs is < 0 or > 60_000 || MockJitterMs is < 0 or > 60_000)
        {
            return ValidationResult.Error("--mock-latency-ms and --mock-jitter-ms must be 0..60,000.");
        }

        if (PollConcurrency is < 1 or > 1024 || PollIntervalMs is < 10 or > 10_000 || MaxConnections is < 1 or > 60_000)
        {
            return ValidationResult.Error("--poll-concurrency 1..1024, --poll-interval-ms 10..10,000, --max-connections 1..60,000.");
        }

        return ValidationResult.Success();
    }
}

public sealed class ReportSettings : CommonSettings
{
    protected override int DefaultWarmup => 5;

    [CommandOption("--concurrency <LIST>")]
    [Description("Comma-separated tests. Default 1,10,25,50 (the original report).")]
    [DefaultValue("1,10,25,50")]
    public string Concurrency { get; set; } = "1,10,25,50";

    [CommandOption("--runs-per-sender <N>")]
    [DefaultValue(1)]
    public int RunsPerSender { get; set; } = 1;

    public IReadOnlyList<int> Concurrencies =>
        Concurrency.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

    public override ValidationResult Validate()
    {
        try
        {
            if (Concurrencies.Count == 0 || Concurrencies.Any(c => c is < 1 or > 10_000))
            {
                return ValidationResult.Error("--concurrency needs values 1..10,000.");
            }
        }
        catch (FormatException)
        {
            return ValidationResult.Error("--concurrency is a comma-separated list of integers, e.g. 1,10,25,50.");
        }

        return RunsPerSender is < 1 or > 1000 ? ValidationResult.Error("--runs-per-sender must be 1..1000.") : base.Validate();
    }
}

public sealed class RampSettings : CommonSettings
{
    [CommandOption("--start <N>")]
    [DefaultValue(10)]
    public int Start { get; set; } = 10;

    [CommandOption("--max <N>")]
    [Description("Highest concurrency (up to 20,000). Default 2000.")]
    [DefaultValue(2000)]
    public int Max { get; set; } = 2000;

    [CommandOption("--factor <F>")]
    [DefaultValue(2.0)]
    public double Factor { get; set; } = 2.0;

    [CommandOption("--step-duration <DURATION>")]
    [DefaultValue("5s")]
    public string StepDuration { get; set; } = "5s";

    [CommandOption("--max-runs <N>")]
    [Description("Bound of runs over the whole ramp. Default 500,000.")]
    [DefaultValue(500_000L)]
    public long MaxRuns { get; set; } = 500_000;

    public override ValidationResult Validate()
    {
        try
        {
            _ = Durations.Parse(StepDuration, "--step-duration");
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return Start < 1 || Max < Start || Max > 20_000 || Factor <= 1 || MaxRuns is < 1 or > 5_000_000
            ? ValidationResult.Error("Need 1 <= --start <= --max <= 20,000, --factor > 1, 1 <= --max-runs <= 5,000,000.")
            : base.Validate();
    }
}

public sealed class SustainedSettings : CommonSettings
{
    [CommandOption("--rate <PER_SECOND>")]
    [Description("Arrivals per second (open loop). Default 1000.")]
    [DefaultValue(1000.0)]
    public double Rate { get; set; } = 1000;

    [CommandOption("--duration <DURATION>")]
    [Description("How long to send (e.g. 10s, 2m). Default 30s.")]
    [DefaultValue("30s")]
    public string Duration { get; set; } = "30s";

    [CommandOption("--max-in-flight <N>")]
    [DefaultValue(20_000)]
    public int MaxInFlight { get; set; } = 20_000;

    public override ValidationResult Validate()
    {
        TimeSpan d;
        try
        {
            d = Durations.Parse(Duration, "--duration");
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return Rate is <= 0 or > 100_000 || d > TimeSpan.FromHours(1) || MaxInFlight is < 1 or > 200_000
            ? ValidationResult.Error("Need 0 < --rate <= 100,000, --duration <= 1h, 1 <= --max-in-flight <= 200,000.")
            : base.Validate();
    }
}

public sealed class DrainSettings : CommonSettings
{
    [CommandOption("--runs <N>")]
    [DefaultValue(10_000L)]
    public long Runs { get; set; } = 10_000;

    [CommandOption("--concurrency <N>")]
    [Description("Webhook posts in flight while enqueueing. Default 128.")]
    [DefaultValue(128)]
    public int Concurrency { get; set; } = 128;

    public override ValidationResult Validate() =>
        Runs is < 1 or > 2_000_000 || Concurrency is < 1 or > 20_000
            ? ValidationResult.Error("Need 1 <= --runs <= 2,000,000 and 1 <= --concurrency <= 20,000.")
            : base.Validate();
}

/// <summary>Durations like 500ms, 10s, 2m, 1h or a bare number of seconds.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0)
            {
                return TimeSpan.FromSeconds(v * seconds);
            }
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && plain > 0)
        {
            return TimeSpan.FromSeconds(plain);
        }

        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new FormatException($"{option} '{text}' is not a duration (e.g. 500ms, 10s, 2m, 1h).");
    }
}

using System.Diagnostics;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>CPU and memory of one process of the stack over a test or scenario.</summary>
public sealed record ProcessUsage(string Name, int Pid, double CpuPercentOfOneCore, double PeakRssMb, double CpuSeconds, int Samples);

/// <summary>One second of a run: what was accepted and completed in it, and accept latency of the runs sent in it.</summary>
public sealed record TimelinePoint(int Second, long Accepted, long Completed, double AcceptP50Ms, double AcceptP99Ms, double AcceptMaxMs);

/// <summary>The measured outcome of one test / step / phase.</summary>
public sealed class TestResult
{
    public required string Name { get; init; }

    public int Concurrency { get; init; }

    public double? TargetRatePerSecond { get; init; }

    public long Sent { get; init; }

    public long Accepted { get; init; }

    /// <summary>503 / 429 answers (backpressure).</summary>
    public long Rejected { get; init; }

    public long Errors { get; init; }

    /// <summary>Runs that ended with status completed.</summary>
    public long Completed { get; init; }

    public long Failed { get; init; }

    public long Cancelled { get; init; }

    /// <summary>Accepted runs not terminal when the scenario stopped waiting (backlog left).</summary>
    public long NotTerminal { get; init; }

    /// <summary>202s / sent.</summary>
    public double AcceptSuccessRate { get; init; }

    /// <summary>completed / accepted.</summary>
    public double CompletionRate { get; init; }

    public double SendWindowSeconds { get; init; }

    public double AcceptedPerSecond { get; init; }

    /// <summary>Completed runs over the span from the first createdAt to the last completedAt (server times).</summary>
    public double CompletedPerSecond { get; init; }

    public double CompletionSpanSeconds { get; init; }

    /// <summary>Completed runs over the span from the first to the last completedAt (the steady rate, without the first run's latency).</summary>
    public double CompletedPerSecondSteady { get; init; }

    public required LatencySummary AcceptLatency { get; init; }

    /// <summary>Open loop only: accept latency from the actual send (without the tool's own scheduling lag).</summary>
    public LatencySummary? ServiceLatency { get; init; }

    /// <summary>completedAt - createdAt from the run documents.</summary>
    public required LatencySummary EndToEndServer { get; init; }

    /// <summary>startedAt - createdAt: time in the queue.</summary>
    public required LatencySummary QueueWait { get; init; }

    /// <summary>From the intended send to the poll that saw the run terminal (includes the polling interval).</summary>
    public required LatencySummary EndToEndObserved { get; init; }

    public Dictionary<string, long> FinalStatuses { get; init; } = [];

    public long FinalStatusMatches { get; init; }

    public long FinalStatusMismatches { get; init; }

    public List<string> MismatchSamples { get; init; } = [];

    public Dictionary<string, int> ErrorMessages { get; init; } = [];

    public Dictionary<string, long> BacklogStatuses { get; init; } = [];

    public List<ProcessUsage> Resources { get; set; } = [];

    public List<PercentilePoint> AcceptPercentiles { get; init; } = [];

    public List<TimelinePoint> Timeline { get; init; } = [];

    /// <summary>100% of sends accepted, every accepted run completed, every final status as expected.</summary>
    public bool AllSucceeded => Sent > 0 && Accepted == Sent && Completed == Accepted && FinalStatusMismatches == 0;
}

/// <summary>Everything one scenario measured.</summary>
public sealed class ScenarioResult
{
    public required string Scenario { get; init; }

    public required string ApiUrl { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; set; }

    public Dictionary<string, string> Settings { get; init; } = [];

    public List<TestResult> Tests { get; init; } = [];

    /// <summary>Sum over all tests (the whole scenario as one), for multi-step scenarios.</summary>
    public TestResult? Overall { get; set; }

    public List<ProcessUsage> Resources { get; set; } = [];

    public LatencySummary? StatusPollLatency { get; set; }

    public long StatusPolls { get; set; }

    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Scenario-specific figures (e.g. drain: enqueue and drain rates).</summary>
    public Dictionary<string, double> Figures { get; init; } = [];

    public Dictionary<string, int> PollErrors { get; set; } = [];

    public List<string> Notes { get; init; } = [];

    public bool AllSucceeded => Tests.Count > 0 && Tests.All(t => t.AllSucceeded);
}

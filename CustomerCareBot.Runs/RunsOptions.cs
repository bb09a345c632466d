using System.ComponentModel.DataAnnotations;

namespace CustomerCareBot.Runs;

public sealed class RunsOptions
{
    public const string SectionName = "Runs";

    /// <summary>How long a run record stays readable after it was created.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an Idempotency-Key returns the run it first created.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Entries waiting or in flight beyond which new runs are refused with 503.</summary>
    [Range(1, int.MaxValue)]
    public int MaxBacklog { get; set; } = 200_000;

    /// <summary>How many run ids the recent-runs index keeps for <c>GET /runs</c>.</summary>
    [Range(100, 1_000_000)]
    public int RecentRunsKept { get; set; } = 10_000;
}

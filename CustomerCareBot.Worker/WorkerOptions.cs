using System.ComponentModel.DataAnnotations;

namespace CustomerCareBot.Worker;

public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Runs executed at once by this process.</summary>
    [Range(1, 4096)]
    public int Parallelism { get; set; } = 32;

    /// <summary>Entries read ahead of the executors; about twice the parallelism keeps them fed without hoarding.</summary>
    [Range(0, 100_000)]
    public int ChannelCapacity { get; set; }

    public int EffectiveChannelCapacity => ChannelCapacity > 0 ? ChannelCapacity : Parallelism * 2;

    /// <summary>An entry unacknowledged for this long belongs to a dead or stuck worker and is taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reclaimer looks for such entries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan ReclaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries after which an entry goes to the dead-letter stream.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>When idle, read at least this often even if no wake-up arrives (a lost PUBLISH costs at most this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan FallbackReadInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On shutdown, how long in-flight runs may take to finish before they are left for another worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The reader loop is unhealthy when it has not turned for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>EveryStep</c> saves a checkpoint after each step; <c>AfterSideEffects</c> only after steps that call out
    /// (HTTP, agents), which is all a resume needs: the pure steps between them run again, deterministically.
    /// </summary>
    public CustomerCareBot.Workflows.CheckpointPolicy Checkpoints { get; set; } = CustomerCareBot.Workflows.CheckpointPolicy.EveryStep;

    /// <summary>Consumer name in the group; unique per process unless set.</summary>
    public string? ConsumerName { get; set; }
}

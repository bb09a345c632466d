namespace CustomerCareBot.LoadTest.Core;

/// <summary>One accepted run being followed until it is terminal. Timestamps are Stopwatch ticks.</summary>
public sealed class TrackedRun(string runId, Payload payload, int group, long intendedTimestamp, long acceptedTimestamp)
{
    public string RunId { get; } = runId;

    public Payload Payload { get; } = payload;

    /// <summary>Which test / step of the scenario sent it.</summary>
    public int Group { get; } = group;

    public long IntendedTimestamp { get; } = intendedTimestamp;

    public long AcceptedTimestamp { get; } = acceptedTimestamp;

    /// <summary>Stopwatch ticks when a poll first saw it terminal (0 while it is not).</summary>
    public long ObservedTimestamp { get; set; }

    public RunState State { get; set; }

    public bool IsTerminal => State.IsTerminal;

    public bool FinalStatusMatches => State.Status == RunStatus.Completed && State.FinalStatus == Payload.ExpectedFinalStatus;
}

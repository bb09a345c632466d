namespace CustomerCareBot.Worker.Intake;

/// <summary>Pauses and resumes reading from the stream (a dashboard command); runs in flight go on.</summary>
public sealed class IntakeSwitch
{
    private volatile bool _paused;

    public bool Paused => _paused;

    public void Pause() => _paused = true;

    public void Resume() => _paused = false;
}

/// <summary>When the reader loop last turned; a stuck loop makes the Worker unhealthy.</summary>
public sealed class IntakeHeartbeat(TimeProvider clock)
{
    private long _lastBeat = clock.GetTimestamp();

    public void Beat() => Interlocked.Exchange(ref _lastBeat, clock.GetTimestamp());

    public TimeSpan SinceLastBeat => clock.GetElapsedTime(Interlocked.Read(ref _lastBeat));
}

namespace CustomerCareBot.Worker.Intake;

/// <summary>Pauses and resumes reading from the stream (a dashboard command); runs in flight go on.</summary>
public sealed class IntakeSwitch
{
    private readonly Lock _gate = new();
    private volatile bool _paused;
    private TaskCompletionSource _parked = NewSource();

    public bool Paused => _paused;

    /// <summary>Asks the reader to stop; the task ends once it has (no read in progress, none to come).</summary>
    public Task PauseAsync()
    {
        lock (_gate)
        {
            _paused = true;
            return _parked.Task;
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _paused = false;
            if (_parked.Task.IsCompleted)
            {
                _parked = NewSource();
            }
        }
    }

    /// <summary>The reader says it saw the pause and is not reading.</summary>
    public void Parked()
    {
        lock (_gate)
        {
            if (_paused)
            {
                _parked.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>When the reader loop last turned; a stuck loop makes the Worker unhealthy.</summary>
public sealed class IntakeHeartbeat(TimeProvider clock)
{
    private long _lastBeat = clock.GetTimestamp();

    public void Beat() => Interlocked.Exchange(ref _lastBeat, clock.GetTimestamp());

    public TimeSpan SinceLastBeat => clock.GetElapsedTime(Interlocked.Read(ref _lastBeat));
}

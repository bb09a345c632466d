namespace CustomerCareBot.Workflows;

/// <summary>
/// The timeout of the one step a run executes at a time. A run reuses one source and timer for all its steps
/// instead of allocating two sources, a timer and their links per step; after a timeout fired (or with a timer
/// that cannot be reset) the next step gets a fresh source.
/// </summary>
internal sealed class StepDeadline(TimeProvider time, CancellationToken runToken) : IDisposable
{
    private CancellationTokenSource? _source;
    private CancellationTokenRegistration _runLink;

    /// <summary>A token cancelled when the run is, or when <paramref name="timeout"/> passes first.</summary>
    public CancellationToken Start(TimeSpan timeout)
    {
        if (_source is null)
        {
            _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            _runLink = runToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
        }

        _source.CancelAfter(timeout);
        return _source.Token;
    }

    /// <summary>True when the step's own timeout stopped it, not the run's cancellation or timeout.</summary>
    public bool TimedOut => _source is { IsCancellationRequested: true } && !runToken.IsCancellationRequested;

    /// <summary>Stops the timer; the step is over.</summary>
    public void End()
    {
        if (_source is not null && !_source.TryReset())
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _runLink.Dispose();
        _source?.Dispose();
        _source = null;
    }
}

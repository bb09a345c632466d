namespace CustomerCareBot.LoadTest.Core;

/// <summary>Counters the hot path bumps with Interlocked and the progress display reads a few times a second.</summary>
public sealed class LiveStats
{
    private long sent;
    private long accepted;
    private long rejected;
    private long errors;
    private long completed;
    private long failed;
    private long polls;
    private long target;
    private volatile string phase = "starting";

    public string Phase { get => phase; set => phase = value; }

    public long Target { get => Interlocked.Read(ref target); set => Interlocked.Exchange(ref target, value); }

    public long Sent => Interlocked.Read(ref sent);

    public long Accepted => Interlocked.Read(ref accepted);

    public long Rejected => Interlocked.Read(ref rejected);

    public long Errors => Interlocked.Read(ref errors);

    public long Completed => Interlocked.Read(ref completed);

    public long Failed => Interlocked.Read(ref failed);

    public long Polls => Interlocked.Read(ref polls);

    public long Terminal => Completed + Failed;

    public void OnSent() => Interlocked.Increment(ref sent);

    public void OnAccepted() => Interlocked.Increment(ref accepted);

    public void OnRejected() => Interlocked.Increment(ref rejected);

    public void OnError() => Interlocked.Increment(ref errors);

    public void OnCompleted() => Interlocked.Increment(ref completed);

    public void OnFailed() => Interlocked.Increment(ref failed);

    public void OnPoll() => Interlocked.Increment(ref polls);
}

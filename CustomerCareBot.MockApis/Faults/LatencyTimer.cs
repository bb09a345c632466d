using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis.Faults;

/// <summary>
/// Waits out an injected latency so that, on average, a mocked call takes what was configured. Timers fire late: on a
/// 2-core VM <c>Task.Delay(50)</c> returns after 52.4 ms at the median, idle; uncorrected, every mocked call would be
/// slower than asked and the mock's own timer would be charged to the system under test. This keeps a running mean of
/// how late the timer fires and asks it for that much less (at most half the delay). No busy waiting;
/// <see cref="MockApisOptions.CalibrateLatency"/> turns it off.
/// </summary>
public sealed class LatencyTimer(TimeProvider time, IOptions<MockApisOptions> options)
{
    private const double Smoothing = 0.05;
    private readonly bool _calibrate = options.Value.CalibrateLatency;
    private double _leadMs;

    /// <summary>How much earlier than asked the timer is set now (the mean lateness learned).</summary>
    public TimeSpan Lead => TimeSpan.FromMilliseconds(Volatile.Read(ref _leadMs));

    public async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var learned = Volatile.Read(ref _leadMs);
        var asked = delay - TimeSpan.FromMilliseconds(Math.Min(learned, delay.TotalMilliseconds / 2));
        var started = time.GetTimestamp();
        await Task.Delay(asked, time, cancellationToken).ConfigureAwait(false);
        if (_calibrate)
        {
            var lateMs = (time.GetElapsedTime(started) - asked).TotalMilliseconds;
            // Concurrent requests may overwrite each other's update; the mean still converges.
            Volatile.Write(ref _leadMs, Math.Max(0, learned + (Smoothing * (lateMs - learned))));
        }
    }
}

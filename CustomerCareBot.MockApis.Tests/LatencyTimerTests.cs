using CustomerCareBot.MockApis.Faults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CustomerCareBot.MockApis.Tests;

/// <summary>A timer that keeps firing late is set early by that much, so the injected latency is met on average.</summary>
public sealed class LatencyTimerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Lateness = TimeSpan.FromMilliseconds(3);

    [Fact]
    public async Task A_timer_that_fires_late_is_set_early_until_the_waits_average_the_delay()
    {
        var clock = new FakeTimeProvider();
        var timer = new LatencyTimer(clock, Options.Create(new MockApisOptions { CalibrateLatency = true }));
        var waited = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            waited.Add(await WaitFiringLateAsync(clock, timer, Delay));
        }

        Assert.Equal(Lateness.TotalMilliseconds, timer.Lead.TotalMilliseconds, 0.05);
        Assert.Equal(Delay.TotalMilliseconds, waited.TakeLast(20).Average(w => w.TotalMilliseconds), 0.05);
        Assert.Equal((Delay + Lateness).TotalMilliseconds, waited[0].TotalMilliseconds, 0.001);
    }

    [Fact]
    public async Task A_short_delay_is_never_cut_by_more_than_half()
    {
        var clock = new FakeTimeProvider();
        var timer = new LatencyTimer(clock, Options.Create(new MockApisOptions { CalibrateLatency = true }));
        for (var i = 0; i < 200; i++)
        {
            await WaitFiringLateAsync(clock, timer, Delay);
        }

        var shortDelay = TimeSpan.FromMilliseconds(4);
        var wait = timer.WaitAsync(shortDelay, CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(1.99));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(0.01));
        await wait;
    }

    [Fact]
    public async Task Without_calibration_the_timer_is_set_for_the_whole_delay()
    {
        var clock = new FakeTimeProvider();
        var timer = new LatencyTimer(clock, Options.Create(new MockApisOptions { CalibrateLatency = false }));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(Delay + Lateness, await WaitFiringLateAsync(clock, timer, Delay));
        }

        Assert.Equal(TimeSpan.Zero, timer.Lead);
    }

    /// <summary>One wait whose timer fires <see cref="Lateness"/> after the time it was set for; returns how long it took.</summary>
    private static async Task<TimeSpan> WaitFiringLateAsync(FakeTimeProvider clock, LatencyTimer timer, TimeSpan delay)
    {
        var started = clock.GetTimestamp();
        var setFor = delay - timer.Lead;
        var wait = timer.WaitAsync(delay, CancellationToken.None);
        clock.Advance(setFor + Lateness);
        await wait;
        return clock.GetElapsedTime(started);
    }
}

namespace CustomerCareBot.Workflows.Tests;

/// <summary>One deadline serves a run's steps in turn; each step's timeout must hold no matter what came before.</summary>
public sealed class StepDeadlineTests
{
    [Fact]
    public async Task A_reused_deadline_times_out_a_later_step_and_recovers_for_the_next()
    {
        using var run = new CancellationTokenSource();
        using var deadline = new StepDeadline(TimeProvider.System, run.Token);

        var first = deadline.Start(TimeSpan.FromDays(1));
        deadline.End();
        Assert.False(first.IsCancellationRequested);

        var second = deadline.Start(TimeSpan.FromMilliseconds(1));
        await Cancelled(second);
        Assert.True(deadline.TimedOut);
        deadline.End();

        var third = deadline.Start(TimeSpan.FromDays(1));
        Assert.False(third.IsCancellationRequested);
        Assert.False(deadline.TimedOut);
        deadline.End();
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_the_step_without_calling_it_a_timeout()
    {
        using var run = new CancellationTokenSource();
        using var deadline = new StepDeadline(TimeProvider.System, run.Token);
        deadline.Start(TimeSpan.FromDays(1));
        deadline.End();

        var step = deadline.Start(TimeSpan.FromDays(1));
        await run.CancelAsync();

        await Cancelled(step);
        Assert.False(deadline.TimedOut);
    }

    private static Task Cancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }
}

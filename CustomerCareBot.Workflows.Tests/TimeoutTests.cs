using Microsoft.Extensions.Time.Testing;

namespace CustomerCareBot.Workflows.Tests;

public sealed class TimeoutTests
{
    [Fact]
    public async Task A_step_past_its_timeout_uses_its_onError_policy()
    {
        var time = new FakeTimeProvider();
        using var host = new TestHost(time: time);
        host.Apis.BlockRegistration = true;

        var run = host.RunAsync(host.CustomerCare, TestHost.Payload("refund"));
        await host.Apis.RegistrationEntered.Task;
        time.Advance(TimeSpan.FromSeconds(11)); // registration-api has timeoutSeconds 10 and onError continue
        var trace = await run;

        Assert.Equal(RunStatus.Completed, trace.Status);
        Assert.Contains("timed out", trace.Steps.Single(s => s.Id == "registration-api").Note, StringComparison.Ordinal);
        Assert.Equal("Customer not registered", trace.Globals["registration"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_run_past_the_run_timeout_fails()
    {
        var time = new FakeTimeProvider();
        using var host = new TestHost(new() { ["Workflows:RunTimeout"] = "00:00:05" }, time: time);
        host.Apis.BlockRegistration = true;

        var run = host.RunAsync(host.CustomerCare, TestHost.Payload("refund"));
        await host.Apis.RegistrationEntered.Task;
        time.Advance(TimeSpan.FromSeconds(6));
        var trace = await run;

        Assert.Equal(RunStatus.Failed, trace.Status);
        Assert.Equal("RUN_TIMEOUT", trace.Reason);
        Assert.Equal(StepStatus.Cancelled, trace.Steps[^1].Status);
    }
}

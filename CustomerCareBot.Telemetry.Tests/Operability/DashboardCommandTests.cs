using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CustomerCareBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>The dashboard's buttons, executed through the AppHost's ResourceCommandService as the dashboard does.</summary>
[Collection(OperabilityCollection.Name)]
public sealed class DashboardCommandTests(OperabilityFixture stack)
{
    [Fact]
    public async Task Pause_and_resume_intake_hold_and_release_a_run()
    {
        try
        {
            await ExecuteAsync("worker", "pause-intake");
            var intake = await RunClient.ReadJsonAsync(await stack.Worker.GetAsync("/intake"));
            Assert.True(intake.GetProperty("paused").GetBoolean());

            // The pause command answers once the reader has parked, so nothing enqueued now is read: the run is
            // queued and its entry was delivered to no consumer.
            var runId = await stack.Api.EnqueueAsync("hello there", Phones.Unique());
            Assert.Equal("queued", (await stack.Api.GetRunAsync(runId))!.Value.GetProperty("status").GetString());
            var pending = await stack.Redis.GetDatabase().StreamPendingAsync("ccb:runs:stream", "workers");
            Assert.Equal(0, pending.PendingMessageCount);

            await ExecuteAsync("worker", "resume-intake");
            intake = await RunClient.ReadJsonAsync(await stack.Worker.GetAsync("/intake"));
            Assert.False(intake.GetProperty("paused").GetBoolean());
            Assert.Equal("completed", (await stack.Api.WaitForRunAsync(runId)).GetProperty("status").GetString());
        }
        finally
        {
            await stack.ResumeIntakeAsync();
        }
    }

    [Fact]
    public async Task Fault_commands_change_and_restore_the_mock_apis()
    {
        try
        {
            await ExecuteAsync("mockapis", "inject-faults");
            var faults = await FaultsAsync();
            Assert.Equal(0.2, faults.GetProperty("failureRate").GetDouble(), 3);
            Assert.Equal(50, faults.GetProperty("latencyMs").GetInt32());
            Assert.False(faults.GetProperty("down").GetBoolean());

            await ExecuteAsync("mockapis", "mock-down");
            Assert.True((await FaultsAsync()).GetProperty("down").GetBoolean());

            await ExecuteAsync("mockapis", "clear-faults");
            faults = await FaultsAsync();
            Assert.Equal(0, faults.GetProperty("failureRate").GetDouble());
            Assert.Equal(0, faults.GetProperty("latencyMs").GetInt32());
            Assert.False(faults.GetProperty("down").GetBoolean());
        }
        finally
        {
            await stack.ResetFaultsAsync();
        }
    }

    private async Task<JsonElement> FaultsAsync() =>
        await RunClient.ReadJsonAsync((await stack.MockApis.GetAsync("/control/faults")).EnsureSuccessStatusCode());

    private async Task ExecuteAsync(string resourceName, string command)
    {
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var resource = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await commands.ExecuteCommandAsync(resource, command, cts.Token);
        Assert.True(result.Success, $"{command} on {resourceName} failed: {result.Message}");
    }
}

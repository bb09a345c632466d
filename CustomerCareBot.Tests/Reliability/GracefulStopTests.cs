using Aspire.Hosting.ApplicationModel;
using CustomerCareBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>
/// One of two Worker replicas is stopped through the AppHost (resource-stop: a graceful stop) mid-load. It stops
/// taking entries, lets runs in flight finish within Worker:ShutdownTimeout, and leaves what it read but did not
/// start pending; the other replica reclaims those. Nothing is lost and no step runs twice.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class GracefulStopTests(GracefulStopFixture stack, ITestOutputHelper output) : IClassFixture<GracefulStopFixture>
{
    private const int Runs = 600;

    [Fact]
    public async Task Stopping_a_worker_mid_load_loses_nothing_and_repeats_nothing()
    {
        var db = stack.Redis.GetDatabase();
        var workers = await ResourceInstances.WaitAsync(stack.App, "worker",
            s => s.Count == 2 && s.Values.All(ResourceInstances.IsRunning), TimeSpan.FromSeconds(60), "two running worker replicas");
        var stoppedId = workers.Keys.Order(StringComparer.Ordinal).First();
        var stoppedPid = ResourceInstances.ServiceProcessId(ResourceInstances.Pid(workers[stoppedId])!.Value, "CustomerCareBot.Worker");
        await stack.WaitForEmptyBacklogAsync();

        await stack.SetFaultsAsync(new { latencyMs = 20 });
        try
        {
            var runs = await RunLedger.EnqueueManyAsync(stack.Api, 42, Runs);
            var backlogAtStop = await Poll.UntilAsync(stack.BacklogAsync, l => l <= Runs - 150, TimeSpan.FromSeconds(120), "150 runs to complete");

            var stopping = DateTime.UtcNow;
            await ResourceInstances.CommandAsync(stack.App, stoppedId, KnownResourceCommands.StopCommand);
            var ended = await ResourceInstances.WaitAsync(stack.App, "worker",
                s => s.TryGetValue(stoppedId, out var w) && ResourceInstances.HasEnded(w), TimeSpan.FromSeconds(60), $"{stoppedId} to stop");
            var stopTook = DateTime.UtcNow - stopping;
            // The service process itself ended too (not just DCP's launcher), so nothing keeps processing behind our back.
            await Poll.UntilAsync(() => Task.FromResult(ResourceInstances.ProcessIsDead(stoppedPid)), dead => dead,
                TimeSpan.FromSeconds(30), $"worker process {stoppedPid} to exit");

            var runIds = runs.Select(r => r.RunId).ToArray();
            var rows = await RunLedger.WaitForTerminalAsync(db, runIds, TimeSpan.FromSeconds(180));
            Assert.All(rows.Zip(runs), x =>
            {
                Assert.Equal("completed", x.First.Status);
                Assert.Equal(RunClient.ExpectedFinalStatus(x.Second.Message), x.First.FinalStatus);
            });

            var calls = await stack.CallsAsync();
            var counts = runs.Select(r => RunLedger.SucceededCalls(calls, r.Phone)).ToArray();
            var duplicates = counts.Sum(c => Math.Max(0, c.Registration - 1) + Math.Max(0, c.Orders - 1));
            var byStopped = rows.Count(r => r.Worker?.Contains($"-{stoppedPid}-", StringComparison.Ordinal) == true);
            output.WriteLine($"graceful stop: runs accepted={Runs}, completed={rows.Count(r => r.Status == "completed")}, lost={Runs - rows.Count(r => r.IsTerminal)}, duplicate step executions={duplicates}");
            output.WriteLine($"  at the stop: backlog={backlogAtStop}; stop took {stopTook.TotalSeconds:F1} s, replica afterwards: {ResourceInstances.Describe(ended[stoppedId])}");
            output.WriteLine($"  finished by the stopped replica={byStopped}, redelivered (reclaimed) runs={rows.Count(r => r.Attempts > 1)}");

            Assert.All(counts, c =>
            {
                Assert.Equal(1, c.Registration);
                Assert.Equal(1, c.Orders);
            });
        }
        finally
        {
            await stack.ResetFaultsAsync();
        }

        await stack.WaitForEmptyBacklogAsync();
    }
}

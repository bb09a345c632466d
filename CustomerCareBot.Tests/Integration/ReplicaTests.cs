using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Integration;

/// <summary>A stack with two Worker replicas sharing the consumer group.</summary>
public sealed class TwoWorkerFixture : StackFixture
{
    protected override string[] AppHostArgs => ["--Parameters:worker-replicas=2"];
}

public sealed class ReplicaTests(TwoWorkerFixture stack) : IClassFixture<TwoWorkerFixture>
{
    [Fact]
    public async Task Both_replicas_process_runs_from_the_shared_group()
    {
        // Latency keeps runs in flight long enough that one replica cannot take them all.
        await stack.SetFaultsAsync(new { latencyMs = 20 });
        try
        {
            var runIds = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => stack.Api.EnqueueAsync("where is my order", $"+92302{i:D7}")));
            var workers = new HashSet<string>();
            foreach (var runId in runIds)
            {
                var run = await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(90));
                Assert.Equal("completed", run.GetProperty("status").GetString());
                workers.Add(run.GetProperty("worker").GetString()!);
            }

            Assert.Equal(2, workers.Count);
        }
        finally
        {
            await stack.ResetFaultsAsync();
        }
    }

    [Fact]
    public async Task Group_survives_flushall()
    {
        await stack.Redis.GetServers().Single().FlushAllDatabasesAsync();

        var runId = await stack.Api.EnqueueAsync("I want a refund");
        var run = await stack.Api.WaitForRunAsync(runId, TimeSpan.FromSeconds(30));

        Assert.Equal("completed", run.GetProperty("status").GetString());
        var groups = await stack.Redis.GetDatabase().StreamGroupInfoAsync("ccb:runs:stream");
        Assert.Contains(groups, g => g.Name == "workers");
    }
}

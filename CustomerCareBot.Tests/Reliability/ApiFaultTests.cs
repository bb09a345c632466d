using CustomerCareBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>Failing and dead downstream APIs: retries absorb a 20% failure rate; an outage dead-letters, and retry replays.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ApiFaultTests(ReliabilityStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Runs_complete_when_a_fifth_of_api_calls_fail()
    {
        const int runs = 200;
        var db = stack.Redis.GetDatabase();
        var callsBefore = await stack.CallsAsync();
        await stack.SetFaultsAsync(new { failureRate = 0.2 });
        try
        {
            var accepted = await RunLedger.EnqueueManyAsync(stack.Api, 61, runs);
            var rows = await RunLedger.WaitForTerminalAsync(db, accepted.Select(r => r.RunId).ToArray(), TimeSpan.FromSeconds(120));
            var calls = await stack.CallsAsync();
            var counts = accepted.Select(r => RunLedger.SucceededCalls(calls, r.Phone)).ToArray();
            var reached = calls.GetProperty("total").GetInt64() - callsBefore.GetProperty("total").GetInt64();
            var succeeded = calls.GetProperty("succeeded").GetProperty("total").GetInt64() - callsBefore.GetProperty("succeeded").GetProperty("total").GetInt64();
            output.WriteLine($"20% failures: runs accepted={runs}, completed={rows.Count(r => r.Status == "completed")}, lost={runs - rows.Count(r => r.IsTerminal)} ({RunLedger.Summary(rows)})");
            output.WriteLine($"  MockApis calls reached={reached}, succeeded={succeeded} (failed and retried={reached - succeeded}); runs redelivered={rows.Count(r => r.Attempts > 1)}; registration fell back after exhausting retries={counts.Count(c => c.Registration == 0)}; duplicate step executions={counts.Sum(c => Math.Max(0, c.Registration - 1) + Math.Max(0, c.Orders - 1))}");

            Assert.All(rows.Zip(accepted), x =>
            {
                Assert.Equal("completed", x.First.Status);
                Assert.Equal(RunClient.ExpectedFinalStatus(x.Second.Message), x.First.FinalStatus);
            });
            Assert.All(counts, c => Assert.Equal(1, c.Orders));
        }
        finally
        {
            await stack.ResetFaultsAsync();
        }
    }

    [Fact]
    public async Task Api_outage_opens_the_circuit_dead_letters_runs_with_a_reason_and_retry_replays_them()
    {
        const int runs = 20;
        var db = stack.Redis.GetDatabase();
        await stack.WaitForEmptyBacklogAsync();
        var deadBefore = await db.StreamLengthAsync("ccb:runs:dead");
        (await stack.MockApis.PostAsync("/control/down", null)).EnsureSuccessStatusCode();
        (string RunId, string Phone, string Message)[] accepted;
        RunRow[] failed;
        try
        {
            // Runs are added in rounds of 10 until a run's error names the open circuit: the breaker opens once
            // CircuitBreaker:FailureRatio of the attempts in its 30 s sampling window fail, and successes of an
            // earlier test can still be in that window.
            var rounds = new List<(string RunId, string Phone, string Message)>();
            RunRow? transient = null;
            for (var round = 0; round < 6 && transient?.Error?.Contains("circuit", StringComparison.OrdinalIgnoreCase) != true; round++)
            {
                var batch = await RunLedger.EnqueueManyAsync(stack.Api, 62 + round, runs / 2);
                rounds.AddRange(batch);
                var roundIds = rounds.Select(r => r.RunId).ToArray();
                // A transient failure leaves the run queued with its error until the next delivery...
                var waiting = await Poll.UntilAsync(() => RunLedger.ReadAsync(db, roundIds),
                    rows => rows.TakeLast(batch.Length).All(r => r.Attempts > 0 && r.Status != "running" && !string.IsNullOrEmpty(r.Error)),
                    TimeSpan.FromSeconds(60), "the round's runs to fail once");
                transient = waiting.FirstOrDefault(r => r.Status == "queued" && r.Error?.Contains("circuit", StringComparison.OrdinalIgnoreCase) == true)
                    ?? waiting.First(r => !string.IsNullOrEmpty(r.Error));
            }

            accepted = [.. rounds];
            var ids = accepted.Select(r => r.RunId).ToArray();
            // ...and after Worker:MaxDeliveries (3) it is dead-lettered.
            failed = await RunLedger.WaitForTerminalAsync(db, ids, TimeSpan.FromSeconds(120));
            var dead = await db.StreamRangeAsync("ccb:runs:dead", "-", "+");
            var circuitErrors = failed.Count(r => r.Error?.Contains("circuit", StringComparison.OrdinalIgnoreCase) == true);
            var log = await File.ReadAllTextAsync(stack.LogCapture.FilePath);
            var circuitOpened = log.Contains("OnCircuitOpened", StringComparison.Ordinal);
            output.WriteLine($"api down: runs accepted={accepted.Length}, dead-lettered={failed.Count(r => r.Reason == "dead-lettered")} ({RunLedger.Summary(failed)}), dead-letter stream +{await db.StreamLengthAsync("ccb:runs:dead") - deadBefore}");
            output.WriteLine($"  while waiting: reason={transient!.Reason}, error={transient.Error}");
            output.WriteLine($"  dead-lettered error (example): {failed[0].Error}");
            output.WriteLine($"  circuit opened (Worker log OnCircuitOpened)={circuitOpened}; run errors naming the open circuit={circuitErrors}");

            Assert.Equal("FETCH_CUSTOMER_ORDERS_API_FAILED", transient!.Reason);
            Assert.All(failed, r =>
            {
                Assert.Equal("failed", r.Status);
                Assert.Equal("dead-lettered", r.Reason);
                Assert.Contains("Delivered 3 times", r.Error, StringComparison.Ordinal);
                Assert.Contains("Last error: step 'orders-api' failed", r.Error, StringComparison.Ordinal);
            });
            Assert.All(ids, id => Assert.Contains(dead, e => e["run"] == id && e["reason"] == "dead-lettered"));
            Assert.True(circuitOpened || transient.Error!.Contains("circuit is now open", StringComparison.Ordinal), "the circuit breaker never opened");
        }
        finally
        {
            (await stack.MockApis.PostAsync("/control/up", null)).EnsureSuccessStatusCode();
            await stack.ResetFaultsAsync();
        }

        foreach (var (runId, _, _) in accepted)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await stack.Api.PostAsync($"/runs/{runId}/retry", null)).StatusCode);
        }

        var replayed = await RunLedger.WaitForTerminalAsync(db, accepted.Select(r => r.RunId).ToArray(), TimeSpan.FromSeconds(90));
        output.WriteLine($"  after /control/up and POST /runs/{{id}}/retry: completed={replayed.Count(r => r.Status == "completed")} of {accepted.Length}");
        Assert.All(replayed.Zip(accepted), x =>
        {
            Assert.Equal("completed", x.First.Status);
            Assert.Equal(RunClient.ExpectedFinalStatus(x.Second.Message), x.First.FinalStatus);
        });
        await stack.WaitForEmptyBacklogAsync();
    }
}

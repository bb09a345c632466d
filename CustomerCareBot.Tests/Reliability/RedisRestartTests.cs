using Aspire.Hosting.ApplicationModel;
using CustomerCareBot.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>
/// Redis is stopped and started through the AppHost while runs are queued and in flight. Accepted runs survive
/// (append-only file), the Api answers 503 + Retry-After while Redis is down and stores nothing, and Api and
/// Worker recover by themselves.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RedisRestartTests(ReliabilityStackFixture stack, ITestOutputHelper output)
{
    private const int RunsBefore = 200;
    private const int RunsAfter = 20;

    [Fact]
    public async Task Runs_accepted_before_a_redis_restart_complete_and_nothing_is_accepted_while_it_is_down()
    {
        var db = stack.Redis.GetDatabase();
        var server = stack.Redis.GetServers().Single();
        await stack.WaitForEmptyBacklogAsync();
        await stack.SetFaultsAsync(new { latencyMs = 100 });
        try
        {
            // Intake paused while accepting, so every run is still only in Redis when it goes down.
            await stack.PauseIntakeAsync();
            var before = await RunLedger.EnqueueManyAsync(stack.Api, 51, RunsBefore);

            // The fsync point: an AOF rewrite started after the last 202 writes and fsyncs a base file holding every
            // accepted run. (A process restart alone loses nothing Redis acknowledged, fsync or not: each write reaches
            // the AOF with write(2) before its reply. everysec only matters for a power loss: up to ~1-2 s of writes.)
            var rewrites = Info(await InfoAsync(server), "aof_rewrites");
            await server.ExecuteAsync("BGREWRITEAOF");
            var persistence = await Poll.UntilAsync(() => InfoAsync(server),
                i => Info(i, "aof_rewrites") > rewrites && Info(i, "aof_rewrite_in_progress") == 0 && i.Contains("aof_last_bgrewrite_status:ok", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "an AOF rewrite (fsynced) after the last accepted run");
            var recentBefore = await db.SortedSetLengthAsync("ccb:runs:recent");

            // Runs start flowing (100 ms per call, so some are mid-run) and Redis goes down under them.
            await stack.ResumeIntakeAsync();
            await Poll.UntilAsync(async () => (await RunLedger.ReadAsync(db, before.Select(r => r.RunId).ToArray())).Count(r => r.Status != "queued"),
                n => n > 0, TimeSpan.FromSeconds(30), "the worker to start runs");
            var backlogAtStop = await stack.BacklogAsync();
            await ResourceInstances.CommandAsync(stack.App, "redis", KnownResourceCommands.StopCommand);
            var stopped = await ResourceInstances.WaitAsync(stack.App, "redis", s => s.Values.All(ResourceInstances.HasEnded),
                TimeSpan.FromSeconds(30), "redis to stop");

            // While it is down: 503 with Retry-After and problem details, never 500.
            var downResponses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                var (response, body) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("hello", RunLedger.UniquePhone(52, i)));
                return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.ToString(), Type: response.Content.Headers.ContentType?.MediaType,
                    Status: body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("status", out var s) ? s.GetInt32() : 0);
            }));
            Assert.All(downResponses, r =>
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
                Assert.False(string.IsNullOrEmpty(r.RetryAfter), "503 without Retry-After");
                Assert.Equal("application/problem+json", r.Type);
                Assert.Equal(503, r.Status);
            });

            var downAt = DateTime.UtcNow;
            await ResourceInstances.CommandAsync(stack.App, "redis", KnownResourceCommands.StartCommand);
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", cts.Token);
            }

            // Nothing was accepted while it was down; everything accepted before is still there.
            Assert.Equal(recentBefore, await db.SortedSetLengthAsync("ccb:runs:recent"));
            var afterRestart = await RunLedger.ReadAsync(db, before.Select(r => r.RunId).ToArray());
            Assert.DoesNotContain(afterRestart, r => r.Status is null);

            // The Api recovers by itself: the first 202 after the restart.
            var first = await Poll.UntilAsync(async () =>
            {
                var (response, body) = await stack.Api.PostWebhookAsync("customer-care", RunClient.CustomerCarePayload("I want a refund", RunLedger.UniquePhone(53, 0)));
                Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable, $"Api answered {(int)response.StatusCode}");
                return response.StatusCode == HttpStatusCode.Accepted ? body.GetProperty("runId").GetString() : null;
            }, id => id is not null, TimeSpan.FromSeconds(60), "the Api to accept runs again");
            var recovered = DateTime.UtcNow - downAt;

            var groups = await Poll.UntilAsync(() => db.StreamGroupInfoAsync("ccb:runs:stream"), g => g.Any(x => x.Name == "workers"),
                TimeSpan.FromSeconds(30), "the consumer group");
            var after = await RunLedger.EnqueueManyAsync(stack.Api, 54, RunsAfter);

            var all = before.Concat(after).ToArray();
            var ids = all.Select(r => r.RunId).Append(first!).ToArray();
            var rows = await RunLedger.WaitForTerminalAsync(db, ids, TimeSpan.FromSeconds(120));
            Assert.All(rows.Take(all.Length).Zip(all), x =>
            {
                Assert.Equal("completed", x.First.Status);
                Assert.Equal(RunClient.ExpectedFinalStatus(x.Second.Message), x.First.FinalStatus);
            });
            Assert.Equal("completed", rows[^1].Status);

            var calls = await stack.CallsAsync();
            var repeats = before.Select(r => RunLedger.SucceededCalls(calls, r.Phone)).Sum(c => Math.Max(0, c.Registration - 1) + Math.Max(0, c.Orders - 1));
            output.WriteLine($"redis restart: runs accepted before={RunsBefore}, completed={rows.Take(RunsBefore).Count(r => r.Status == "completed")}, lost={RunsBefore - rows.Take(RunsBefore).Count(r => r.IsTerminal)}; accepted after={RunsAfter + 1}, completed={rows.Skip(RunsBefore).Count(r => r.Status == "completed")}");
            output.WriteLine($"  fsync point: BGREWRITEAOF done (aof_rewrites {rewrites} -> {Info(persistence, "aof_rewrites")}, aof_current_size={Info(persistence, "aof_current_size")} B); backlog at the stop={backlogAtStop}; redis state after stop: {ResourceInstances.Describe(stopped.Values.First())}");
            output.WriteLine($"  while down: {downResponses.Length} webhooks -> {string.Join(", ", downResponses.GroupBy(r => (int)r.StatusCode).Select(g => $"{g.Key} x{g.Count()}"))}, Retry-After={downResponses[0].RetryAfter}; accepted while down=0");
            output.WriteLine($"  first 202 {recovered.TotalSeconds:F1} s after the start command; consumer group back: {string.Join(",", groups.Select(g => g.Name))}; redelivered runs={rows.Count(r => r.Attempts > 1)}; repeated step executions={repeats}");
        }
        finally
        {
            await stack.ResumeIntakeAsync();
            await stack.ResetFaultsAsync();
        }

        await stack.WaitForEmptyBacklogAsync();
    }

    private static async Task<string> InfoAsync(IServer server) => (string)(await server.ExecuteAsync("INFO", "persistence"))!;

    private static long Info(string info, string field)
    {
        foreach (var line in info.Split('\n'))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"INFO persistence has no {field}");
    }
}

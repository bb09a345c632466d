using CustomerCareBot.LoadTest.Scenarios;
using CustomerCareBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Integration;

/// <summary>The load tool's <c>report</c> scenario at small scale: the tool itself is proved to measure correctly.</summary>
[Collection(StackCollection.Name)]
public sealed class LoadReportTests(StackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Report_scenario_at_small_scale_has_full_success_and_correct_final_statuses()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await ReportScenario.RunAsync(stack.Api, new ReportOptions { Concurrencies = [1, 5, 10] }, cts.Token);

        Assert.Equal(3, result.Tests.Count);
        foreach (var test in result.Tests)
        {
            output.WriteLine($"{test.Name}: sent {test.Sent}, accepted {test.Accepted}, completed {test.Completed}, " +
                             $"final status matches {test.FinalStatusMatches}");
            Assert.Equal(test.Concurrency, test.Sent);
            Assert.Equal(test.Sent, test.Accepted);
            Assert.Equal(test.Accepted, test.Completed);
            Assert.Equal(test.Completed, test.FinalStatusMatches);
            Assert.Equal(0, test.FinalStatusMismatches);
            Assert.True(test.AllSucceeded);
            // Server timestamps came back for every run (the lookup carries createdAt, startedAt, completedAt).
            Assert.Equal(test.Completed, test.EndToEndServer.Count);
            Assert.Equal(test.Completed, test.QueueWait.Count);
        }

        Assert.True(result.StatusPolls > 0, "the tool followed the runs with POST /runs/lookup");
    }
}

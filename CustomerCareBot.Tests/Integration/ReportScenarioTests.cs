using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Integration;

/// <summary>The original report's four tests, with every run checked to the end and the backlog drained.</summary>
[Collection(StackCollection.Name)]
public sealed class ReportScenarioTests(StackFixture stack)
{
    private static readonly string[] Messages =
    [
        "I want a refund for my last order",
        "Where is my order?",
        "What is the status of order 42",
        "Can I return these shoes",
        "Do you open on Sundays?",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public async Task Concurrent_webhooks_all_complete_with_the_final_status_their_message_implies(int concurrency)
    {
        var requests = Enumerable.Range(0, concurrency).Select(async i =>
        {
            var message = Messages[i % Messages.Length];
            var runId = await stack.Api.EnqueueAsync(message, $"+9230012{i:D5}");
            return (runId, message);
        });
        var accepted = await Task.WhenAll(requests);

        foreach (var (runId, message) in accepted)
        {
            var run = await stack.Api.WaitForRunAsync(runId);
            Assert.Equal("completed", run.GetProperty("status").GetString());
            Assert.Equal(RunClient.ExpectedFinalStatus(message), run.GetProperty("finalStatus").GetString());
            Assert.Equal(9, run.GetProperty("steps").GetArrayLength());
        }

        var backlog = await Poll.UntilAsync(() => stack.Redis.GetDatabase().StreamLengthAsync("ccb:runs:stream"),
            length => length == 0, TimeSpan.FromSeconds(30), "the stream backlog to drain");
        Assert.Equal(0, backlog);
    }
}

using System.Text;
using CustomerCareBot.Tests.Infrastructure;

namespace CustomerCareBot.Tests.Integration;

/// <summary>The definitions as the Api shows them, and the synchronous debugging run.</summary>
[Collection(StackCollection.Name)]
public sealed class WorkflowApiTests(StackFixture stack)
{
    [Fact]
    public async Task Workflows_are_listed_and_drawn()
    {
        var list = await RunClient.ReadJsonAsync(await stack.Api.GetAsync("/workflows"));
        var careFlow = Assert.Single(list.EnumerateArray(), w => w.GetProperty("id").GetString() == "customer-care");
        Assert.Equal(1, careFlow.GetProperty("version").GetInt32());

        var definition = await RunClient.ReadJsonAsync(await stack.Api.GetAsync("/workflows/customer-care"));
        Assert.Equal(11, definition.GetProperty("steps").GetArrayLength());

        var diagram = await stack.Api.GetStringAsync("/workflows/customer-care/diagram");
        Assert.StartsWith("flowchart", diagram.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("conditional-routing", diagram, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await stack.Api.GetAsync("/workflows/nope/diagram")).StatusCode);
    }

    [Theory]
    [InlineData("I want a refund", "routed_to_refunds")]
    [InlineData("where is my order", "order_status_returned")]
    [InlineData("hello", "auto_responded")]
    public async Task Synchronous_run_returns_the_full_trace(string message, string finalStatus)
    {
        using var content = new StringContent(RunClient.CustomerCarePayload(message).ToJsonString(), Encoding.UTF8, "application/json");
        var response = await stack.Api.PostAsync("/workflows/customer-care/run", content);
        var trace = await RunClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", trace.GetProperty("status").GetString());
        Assert.Equal(finalStatus, trace.GetProperty("finalStatus").GetString());
        Assert.Equal(9, trace.GetProperty("steps").GetArrayLength());
        Assert.True(trace.GetProperty("globals").GetProperty("is_registered").GetBoolean());
    }

    [Fact]
    public async Task Synchronous_run_validates_the_trigger()
    {
        using var content = new StringContent("{\"customer_id\":\"c\"}", Encoding.UTF8, "application/json");
        var response = await stack.Api.PostAsync("/workflows/customer-care/run", content);
        var problem = await RunClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("customer_phone_number", out _));
    }
}

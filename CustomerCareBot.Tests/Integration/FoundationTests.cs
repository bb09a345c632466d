using CustomerCareBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace CustomerCareBot.Tests.Integration;

[Collection(StackCollection.Name)]
public sealed class FoundationTests(StackFixture stack)
{
    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    [InlineData("mockapis")]
    public async Task Every_service_reports_healthy(string resource)
    {
        using var client = stack.App.CreateHttpClient(resource, "http");
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var alive = await client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task A_webhook_round_trips_through_redis()
    {
        var runId = await stack.Api.EnqueueAsync("hello there");

        // The record the Api wrote is in Redis under the run's key, and the Api reads it back.
        var hash = await stack.Redis.GetDatabase().HashGetAllAsync($"ccb:run:{runId}");
        Assert.Contains(hash, e => e.Name == "wf" && e.Value == "customer-care");

        var run = await stack.Api.GetRunAsync(runId);
        Assert.NotNull(run);
        Assert.Equal(runId, run.Value.GetProperty("runId").GetString());
        Assert.Equal("customer-care", run.Value.GetProperty("workflowId").GetString());
    }

    [Fact]
    public async Task Redis_refuses_commands_without_the_password()
    {
        var connectionString = await stack.App.GetConnectionStringAsync("redis");
        var endpoint = ConfigurationOptions.Parse(connectionString!).EndPoints.Single();
        var (host, port) = endpoint switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new InvalidOperationException($"Unexpected endpoint {endpoint}"),
        };

        // Speak RESP directly: a client library would hide the server's refusal behind its own handshake.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(host, port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        var reply = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
        Assert.StartsWith("-NOAUTH", reply, StringComparison.Ordinal);
    }
}

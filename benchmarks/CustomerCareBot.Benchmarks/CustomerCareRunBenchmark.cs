using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CustomerCareBot.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Benchmarks;

/// <summary>One nine-step run of customer-care with HTTP served in memory.</summary>
[MemoryDiagnoser]
public class CustomerCareRunBenchmark
{
    private ServiceProvider _provider = null!;
    private WorkflowRunner _runner = null!;
    private WorkflowDefinition _definition = null!;
    private JsonElement _payload;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:Services:registration"] = "http://mockapis",
            ["Workflows:Services:orders"] = "http://mockapis",
            ["Workflows:Secrets:accessToken"] = "Bearer benchmark",
        }).Build();
        var services = new ServiceCollection();
        services.AddWorkflowEngine(configuration);
        services.AddHttpClient("workflows").ConfigurePrimaryHttpMessageHandler(() => new StubApis()).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        _provider = services.BuildServiceProvider();
        _runner = _provider.GetRequiredService<WorkflowRunner>();
        _definition = _provider.GetRequiredService<WorkflowCatalog>().TryGet("customer-care", out var d) ? d : throw new InvalidOperationException();
        _payload = JsonDocument.Parse("""{"customer_id":"c-1","customer_phone_number":"+923001234567","event":{"message":"I want a refund"}}""").RootElement;
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark]
    public async Task<string?> NineStepRun()
    {
        var trace = await _runner.RunAsync(_definition, new RunRequest { RunId = "bench", Trigger = _payload }, CancellationToken.None);
        return trace.Status == RunStatus.Completed ? trace.FinalStatus : throw new InvalidOperationException(trace.Error);
    }

    private sealed class StubApis : HttpMessageHandler
    {
        private static readonly byte[] Registration = """{"registered":true,"customerId":"c-1","phoneNumber":"03001234567","name":"Ayesha","tier":"gold"}"""u8.ToArray();
        private static readonly byte[] Orders = """{"store_number":"+923001234567","orders":[{"orderId":"o-1","status":"shipped","total":42.5}]}"""u8.ToArray();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Method == HttpMethod.Get ? Registration : Orders;
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}

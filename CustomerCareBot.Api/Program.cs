using CustomerCareBot.Api;
using CustomerCareBot.Api.Runs;
using CustomerCareBot.Api.Security;
using CustomerCareBot.Api.Webhooks;
using CustomerCareBot.Api.Workflows;
using CustomerCareBot.Runs;
using CustomerCareBot.Workflows;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddChatClientFromConnectionString("llm");

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<RedisUnavailableHandler>();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
    o.SerializerOptions.TypeInfoResolverChain.Insert(1, RunsJsonContext.Default);
    o.SerializerOptions.TypeInfoResolverChain.Insert(2, WorkflowJsonContext.Default);
});

builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddWorkflowEngine(builder.Configuration);
builder.Services.AddRuns();
builder.Services.AddSingleton<WebhookBodyReader>();
builder.Services.AddSingleton<WebhookAcceptor>();
builder.Services.AddSingleton<ApiMetrics>();
builder.AddApiSecurity();

var app = builder.Build();

// Load (and so validate) the definitions before taking traffic: an invalid one stops the Api with its errors.
app.Services.GetRequiredService<WorkflowCatalog>();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiSecurity();

app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapWebhooks();
app.MapRuns();
app.MapWorkflows();
app.MapExplorer();

app.Run();

public partial class Program;

using CustomerCareBot.AppHost;
using Microsoft.Extensions.Configuration;
using CustomerCareBot.AppHost.Redis;

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    // AppHost:Dashboard=false: no dashboard, so services export no telemetry (the load tool measures this way: on two
    // cores the dashboard ingesting every span took two thirds of a core).
    DisableDashboard = !ServiceTuningExtensions.DashboardWanted(args),
});

var redis = builder.AddCustomerCareRedis();

var mockAccessToken = builder.AddParameter("mock-access-token",
    new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true);

// The Api's own secrets: the webhook signing secret (Webhooks:Auth:Secrets:0) and the operator key (Operator:Keys:0).
// Generated once when not set (Parameters:webhook-signing-secret / Parameters:operator-key); see docs/security.md.
var webhookSigningSecret = builder.AddParameter("webhook-signing-secret",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
var operatorKey = builder.AddParameter("operator-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

var workerReplicas = builder.Configuration.GetValue("Parameters:worker-replicas", 1);
var workerParallelism = builder.AddParameter("worker-parallelism", builder.Configuration["Parameters:worker-parallelism"] ?? "32");

var mockapis = builder.AddProject<Projects.CustomerCareBot_MockApis>("mockapis", launchProfileName: "http")
    .WithEnvironment("MockApis__AccessToken", mockAccessToken)
    .WithDirectHttpEndpoint()
    .WithPromptTiering()
    .WithTelemetryExportWhenDashboard()
    .WithHttpHealthCheck("/health")
    .WithFaultCommands();

// The agent: 'rules' by default; 'llm' uses the model behind the 'llm' connection string, which is the
// MockApis model unless ConnectionStrings__llm points at a real OpenAI-compatible endpoint.
var agentKind = builder.AddParameter("agent-kind", builder.Configuration["Parameters:agent-kind"] ?? "rules");
var llm = string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("llm"))
    ? builder.AddConnectionString("llm", ReferenceExpression.Create($"Endpoint={mockapis.GetEndpoint("http")}/v1;Key=mock-key;Model=mock-gpt"))
    : builder.AddConnectionString("llm");

var api = builder.AddProject<Projects.CustomerCareBot_Api>("api", launchProfileName: "http")
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Webhooks__Auth__Secrets__0", webhookSigningSecret)
    .WithEnvironment("Operator__Keys__0", operatorKey)
    .WithDirectHttpEndpoint()
    .WithPromptTiering()
    .WithTelemetryExportWhenDashboard()
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.CustomerCareBot_Worker>("worker", launchProfileName: "http")
    .WithReplicas(workerReplicas)
    .WithReference(redis).WaitFor(redis)
    .WithReference(mockapis).WaitFor(mockapis)
    .WithReference(llm)
    .WithEnvironment("Worker__Parallelism", workerParallelism)
    .WithEnvironment("Workflows__Agents__default__Kind", agentKind)
    .WithWorkflowServices(mockapis, mockAccessToken)
    .WithPromptTiering()
    .WithTelemetryExportWhenDashboard()
    .WithHttpHealthCheck("/health")
    .WithIntakeCommands();

api.WithReference(mockapis).WithReference(llm)
    .WithEnvironment("Workflows__Agents__default__Kind", agentKind)
    .WithWorkflowServices(mockapis, mockAccessToken);

builder.Build().Run();

using CustomerCareBot.Runs;
using CustomerCareBot.Workflows;
using CustomerCareBot.Worker;
using CustomerCareBot.Worker.Execution;
using CustomerCareBot.Worker.Health;
using CustomerCareBot.Worker.Intake;
using CustomerCareBot.Worker.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddChatClientFromConnectionString("llm");

builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.Configure<HostOptions>(o =>
    o.ShutdownTimeout = builder.Configuration.GetValue("Worker:ShutdownTimeout", TimeSpan.FromSeconds(20)) + TimeSpan.FromSeconds(10));
builder.Services.AddWorkflowEngine(builder.Configuration);
builder.Services.AddRuns();
builder.Services.AddProblemDetails();

builder.Services.AddSingleton<RunChannel>();
builder.Services.AddSingleton<ConsumerIdentity>();
builder.Services.AddSingleton<IntakeSwitch>();
builder.Services.AddSingleton<IntakeHeartbeat>();
builder.Services.AddSingleton<QueueGauges>();
builder.Services.AddSingleton<WorkerMetrics>();
builder.Services.AddSingleton<RunProcessor>();
builder.Services.AddSingleton<WakeUpSignal>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<WakeUpSignal>());
builder.Services.AddHostedService<StreamIntake>();
builder.Services.AddHostedService<Reclaimer>();
builder.Services.AddHostedService<RunExecutor>();
builder.Services.AddHostedService<QueueSampler>();
builder.Services.AddHealthChecks().AddCheck<IntakeHealthCheck>("intake");

var app = builder.Build();

// Load (and so validate) the definitions first: an invalid one stops the Worker with its errors.
app.Services.GetRequiredService<WorkflowCatalog>();

app.MapDefaultEndpoints();
app.MapIntakeControl();

app.Run();

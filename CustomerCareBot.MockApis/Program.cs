using CustomerCareBot.MockApis;
using CustomerCareBot.MockApis.Chat;
using CustomerCareBot.MockApis.Faults;
using CustomerCareBot.MockApis.Orders;
using CustomerCareBot.MockApis.Registration;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddMockApis();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapOpenApi();

app.MapRegistrationEndpoints();
app.MapOrdersEndpoints();
app.MapChatEndpoints();
app.MapControlEndpoints();

app.Run();

/// <summary>Entry point; public so that <c>WebApplicationFactory&lt;Program&gt;</c> can host it in tests.</summary>
public partial class Program;

using CustomerCareBot.Workflows;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workflow engine: options from <c>Workflows</c>, the catalog (loaded eagerly on first resolve and
    /// failing with every definition error), the runner, step types, agents, the expression sandbox and the
    /// <c>workflows</c> HttpClient. Hosts add service discovery/resilience to HttpClients themselves.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => StepTypeRegistry.CreateDefault());
        services.TryAddSingleton(sp => WorkflowCatalog.LoadFromDirectory(
            sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.DefinitionsPath, sp.GetRequiredService<StepTypeRegistry>()));
        services.TryAddSingleton(sp => new ExpressionSandbox(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.ExpressionLimits));
        services.TryAddSingleton(sp => new AgentProfiles(
            sp.GetRequiredService<IOptions<WorkflowOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IChatClient>()));
        services.TryAddSingleton<StepServices>();
        services.TryAddSingleton<WorkflowRunner>();
        services.AddHttpClient(HttpRequestStepType.HttpClientName);
        return services;
    }
}

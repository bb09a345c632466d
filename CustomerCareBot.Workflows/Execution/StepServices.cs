using Microsoft.Extensions.Options;

namespace CustomerCareBot.Workflows;

/// <summary>What steps may use at run time; one instance per host.</summary>
public sealed class StepServices
{
    public StepServices(IHttpClientFactory httpClients, ExpressionSandbox sandbox, AgentProfiles agents,
        IOptions<WorkflowOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        HttpClients = httpClients;
        Sandbox = sandbox;
        Agents = agents;
        Options = options.Value;
        Time = time;
    }

    public IHttpClientFactory HttpClients { get; }

    public ExpressionSandbox Sandbox { get; }

    public AgentProfiles Agents { get; }

    public WorkflowOptions Options { get; }

    public TimeProvider Time { get; }
}

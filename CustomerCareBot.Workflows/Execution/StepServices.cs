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
        var secrets = Options.Secrets;
        // One delegate for the host's lifetime rather than a closure per header per call.
        ResolveSecret = name => secrets.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new StepFailedException($"secret '{name}' is not configured (Workflows:Secrets:{name})");
    }

    public IHttpClientFactory HttpClients { get; }

    public ExpressionSandbox Sandbox { get; }

    public AgentProfiles Agents { get; }

    public WorkflowOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The value of <c>{{secret:name}}</c>; fails the step when the secret is not configured.</summary>
    public Func<string, string> ResolveSecret { get; }
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Workflows;

/// <summary>
/// Resolves a runAgent step's profile name to an agent, built once per profile. <c>rules</c> and <c>default</c>
/// are rules agents unless configured otherwise (hosts set <c>Workflows:Agents:default:Kind=llm</c>).
/// </summary>
public sealed class AgentProfiles
{
    private readonly Dictionary<string, IAgent> _agents = new(StringComparer.OrdinalIgnoreCase);

    public AgentProfiles(IOptions<WorkflowOptions> options, TimeProvider time, IChatClient? chatClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new RulesAgent();
        _agents["rules"] = rules;
        _agents["default"] = rules;
        foreach (var (name, profile) in options.Value.Agents)
        {
            _agents[name] = profile.Kind.ToLowerInvariant() switch
            {
                RulesAgent.AgentKind => rules,
                ChatClientAgent.AgentKind => new ChatClientAgent(chatClient, rules, TimeSpan.FromSeconds(profile.TimeoutSeconds), time, profile.Instructions),
                _ => throw new InvalidOperationException($"Workflows:Agents:{name}:Kind '{profile.Kind}' is not 'rules' or 'llm'"),
            };
        }
    }

    /// <summary>True when the profile's agent calls a model (or the profile is unknown, so the step will fail anyway).</summary>
    public bool CallsOut(string profile) => !_agents.TryGetValue(profile, out var agent) || agent.Kind != RulesAgent.AgentKind;

    public IAgent Get(string profile) =>
        _agents.TryGetValue(profile, out var agent)
            ? agent
            : throw new InvalidOperationException($"agent profile '{profile}' is not configured (Workflows:Agents:{profile})");
}

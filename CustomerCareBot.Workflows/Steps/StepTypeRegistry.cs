using System.Diagnostics.CodeAnalysis;

namespace CustomerCareBot.Workflows;

/// <summary>The step types a definition may use, by name. <see cref="CreateDefault"/> has the built-in six.</summary>
public sealed class StepTypeRegistry
{
    private readonly Dictionary<string, IStepType> _types = new(StringComparer.Ordinal);

    public static StepTypeRegistry CreateDefault() => new StepTypeRegistry()
        .Add(new TriggerStepType())
        .Add(new SetGlobalsStepType())
        .Add(new HttpRequestStepType())
        .Add(new RunAgentStepType())
        .Add(new RouteStepType())
        .Add(new TerminateStepType());

    public StepTypeRegistry Add(IStepType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        _types[type.Name] = type;
        return this;
    }

    public bool TryGet(string name, [NotNullWhen(true)] out IStepType? type) => _types.TryGetValue(name, out type);

    public IReadOnlyCollection<string> Names => _types.Keys;
}

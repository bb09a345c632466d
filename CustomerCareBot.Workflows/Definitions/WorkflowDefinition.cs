using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>A loaded, validated, immutable workflow; shared by every run.</summary>
public sealed class WorkflowDefinition
{
    private readonly Dictionary<string, StepDefinition> _stepsById;
    private readonly JsonObject _globals;

    internal WorkflowDefinition(string id, int version, string name, string description, string sourceFile,
        InputSchema input, JsonObject globals, IReadOnlyList<StepDefinition> steps)
    {
        Id = id;
        Version = version;
        Name = name;
        Description = description;
        SourceFile = sourceFile;
        Input = input;
        _globals = globals;
        Steps = steps;
        _stepsById = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public string Id { get; }

    public int Version { get; }

    public string Name { get; }

    public string Description { get; }

    /// <summary>File name (no directory) the definition came from.</summary>
    public string SourceFile { get; }

    public InputSchema Input { get; }

    /// <summary>Steps in file order; the first is the entry (a trigger).</summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    public StepDefinition EntryStep => Steps[0];

    /// <summary>A fresh copy of the initial globals for a new run.</summary>
    public JsonObject CreateGlobals() => (JsonObject)_globals.DeepClone();

    public StepDefinition GetStep(string id) =>
        _stepsById.TryGetValue(id, out var step) ? step : throw new KeyNotFoundException($"workflow '{Id}' has no step '{id}'");

    public bool TryGetStep(string id, [NotNullWhen(true)] out StepDefinition? step) => _stepsById.TryGetValue(id, out step);

    /// <summary>Checks a trigger payload. Empty = valid; keys are field paths ("event.message").</summary>
    public IReadOnlyDictionary<string, string[]> ValidateInput(JsonElement payload)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Input.Validate(payload, "", errors);
        return errors.Count == 0
            ? EmptyErrors
            : errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static readonly IReadOnlyDictionary<string, string[]> EmptyErrors = new Dictionary<string, string[]>();
}

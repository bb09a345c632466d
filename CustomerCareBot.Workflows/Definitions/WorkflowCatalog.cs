using System.Diagnostics.CodeAnalysis;

namespace CustomerCareBot.Workflows;

/// <summary>All workflow definitions of a directory, loaded and validated once at start.</summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, WorkflowDefinition> _byId;

    private WorkflowCatalog(Dictionary<string, WorkflowDefinition> byId) => _byId = byId;

    public IReadOnlyCollection<WorkflowDefinition> All => _byId.Values;

    public bool TryGet(string id, [NotNullWhen(true)] out WorkflowDefinition? definition) => _byId.TryGetValue(id, out definition);

    /// <summary>Loads every <c>*.json</c> in <paramref name="directory"/>; throws <see cref="WorkflowDefinitionException"/> listing all errors.</summary>
    public static WorkflowCatalog LoadFromDirectory(string directory, StepTypeRegistry? types = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new WorkflowDefinitionException([new WorkflowDefinitionError(directory, null, null, "workflow definitions directory does not exist")]);
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f)));
        return Load(files, types);
    }

    /// <summary>Loads definitions from (file name, JSON) pairs.</summary>
    public static WorkflowCatalog Load(IEnumerable<(string File, string Json)> files, StepTypeRegistry? types = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        types ??= StepTypeRegistry.CreateDefault();
        var errors = new List<WorkflowDefinitionError>();
        var byId = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (var (file, json) in files)
        {
            var definition = WorkflowDefinitionLoader.Load(file, json, types, errors);
            if (definition is null) continue;
            if (byId.TryGetValue(definition.Id, out var existing))
            {
                errors.Add(new WorkflowDefinitionError(definition.SourceFile, null, "id", $"workflow id '{definition.Id}' is already defined in {existing.SourceFile}"));
                continue;
            }

            byId[definition.Id] = definition;
        }

        if (errors.Count > 0) throw new WorkflowDefinitionException(errors);
        return new WorkflowCatalog(byId);
    }
}

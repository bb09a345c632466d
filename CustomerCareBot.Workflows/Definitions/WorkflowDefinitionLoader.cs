using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>Parses definition files and compiles their steps, collecting every error instead of stopping at the first.</summary>
internal static class WorkflowDefinitionLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static WorkflowDefinition? Load(string file, string json, StepTypeRegistry types, List<WorkflowDefinitionError> errors)
    {
        var fileName = Path.GetFileName(file);
        void Report(string? step, string? field, string message) => errors.Add(new WorkflowDefinitionError(fileName, step, field, message));

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            Report(null, null, $"invalid JSON: {ex.Message}");
            return null;
        }

        if (root is not JsonObject obj)
        {
            Report(null, null, "a definition must be a JSON object");
            return null;
        }

        var errorCount = errors.Count;
        var id = ReadString(obj, "id", required: true, f => Report(null, "id", f));
        var name = ReadString(obj, "name", required: true, f => Report(null, "name", f));
        var description = ReadString(obj, "description", required: false, f => Report(null, "description", f)) ?? "";
        var version = 0;
        if (obj["version"] is JsonValue v && v.TryGetValue<int>(out var parsedVersion) && parsedVersion > 0) version = parsedVersion;
        else if (obj["version"] is JsonValue e && e.GetValueKind() == JsonValueKind.Number && e.GetValue<double>() is var dv && dv == Math.Floor(dv) && dv > 0) version = (int)dv;
        else Report(null, "version", obj.ContainsKey("version") ? "must be a positive integer" : "is required");

        var input = obj["input"] is null ? InputSchema.AnyObject : InputSchema.Parse(obj["input"], "input", (f, m) => Report(null, f, m));
        var globals = new JsonObject();
        if (obj["globals"] is JsonObject g) globals = (JsonObject)g.DeepClone();
        else if (obj.ContainsKey("globals")) Report(null, "globals", "must be an object");

        var steps = LoadSteps(obj, types, Report);
        if (steps.Count > 0) ValidateGraph(steps, Report);

        return errors.Count == errorCount && id is not null && name is not null
            ? new WorkflowDefinition(id, version, name, description, fileName, input, globals, steps)
            : null;
    }

    private static List<StepDefinition> LoadSteps(JsonObject obj, StepTypeRegistry types, Action<string?, string?, string> report)
    {
        var steps = new List<StepDefinition>();
        if (obj["steps"] is not JsonArray array || array.Count == 0)
        {
            report(null, "steps", "must be a non-empty array");
            return steps;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject fields)
            {
                report(null, $"steps[{i}]", "must be an object");
                continue;
            }

            var id = ReadString(fields, "id", required: true, m => report(null, $"steps[{i}].id", m));
            var stepId = id ?? $"steps[{i}]";
            if (id is not null && !seen.Add(id)) report(id, "id", $"duplicate step id '{id}'");
            var name = ReadString(fields, "name", required: true, m => report(stepId, "name", m));
            var typeName = ReadString(fields, "type", required: true, m => report(stepId, "type", m));
            if (typeName is null) continue;
            if (!types.TryGet(typeName, out var type))
            {
                report(stepId, "type", $"unknown step type '{typeName}' (known: {string.Join(", ", types.Names)})");
                continue;
            }

            var context = new StepCompileContext(stepId, fields, (field, message) => report(stepId, field, message));
            var action = type.Compile(context);
            var timeout = context.OptionalPositiveNumber("timeoutSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            var failureReason = context.OptionalString("failureReason");
            if (id is not null && name is not null && i == 0 && type is not TriggerStepType)
            {
                report(stepId, "type", "the first step must be of type 'trigger'");
            }

            if (id is not null && name is not null && !steps.Any(s => s.Id == id))
            {
                steps.Add(new StepDefinition(id, name, typeName, action, timeout, failureReason));
            }
        }

        return steps;
    }

    private static void ValidateGraph(List<StepDefinition> steps, Action<string?, string?, string> report)
    {
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var link in step.Links.Where(l => !byId.ContainsKey(l.Target)))
            {
                report(step.Id, link.Field, $"'{link.Target}' is not a step id in this workflow");
            }
        }

        // Reachable from the entry step.
        var reachable = Walk(steps[0].Id, id => byId[id].Links.Select(l => l.Target).Where(byId.ContainsKey));
        foreach (var step in steps.Where(s => !reachable.Contains(s.Id)))
        {
            report(step.Id, null, "step is unreachable from the trigger");
        }

        // Steps from which some terminate step can be reached; the rest loop forever.
        var predecessors = steps.SelectMany(s => s.Links.Where(l => byId.ContainsKey(l.Target)).Select(l => (From: s.Id, To: l.Target)))
            .ToLookup(e => e.To, e => e.From);
        var canFinish = new HashSet<string>(StringComparer.Ordinal);
        foreach (var terminal in steps.Where(s => s.Action.IsTerminal))
        {
            canFinish.UnionWith(Walk(terminal.Id, id => predecessors[id]));
        }

        foreach (var step in steps.Where(s => reachable.Contains(s.Id) && !canFinish.Contains(s.Id) && s.Links.All(l => byId.ContainsKey(l.Target))))
        {
            report(step.Id, null, "step is in a cycle that can never reach a terminate step");
        }
    }

    private static HashSet<string> Walk(string start, Func<string, IEnumerable<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.TryPop(out var current))
        {
            foreach (var next in edges(current))
            {
                if (seen.Add(next)) pending.Push(next);
            }
        }

        return seen;
    }

    private static string? ReadString(JsonObject obj, string field, bool required, Action<string> report)
    {
        var node = obj[field];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s) return s;
        if (node is not null || obj.ContainsKey(field)) report("must be a non-empty string");
        else if (required) report("is required");
        return null;
    }
}

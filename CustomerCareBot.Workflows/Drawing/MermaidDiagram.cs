using System.Text;

namespace CustomerCareBot.Workflows;

/// <summary>Renders a definition as a Mermaid flowchart; with a trace, the taken path is highlighted.</summary>
public static class MermaidDiagram
{
    public const string TakenClass = "taken";
    public const string FailedClass = "failed";

    public static string Render(WorkflowDefinition d) => Render(d, []);

    public static string Render(WorkflowDefinition d, IReadOnlyList<StepTrace> executedSteps)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(executedSteps);
        var nodeIds = d.Steps.Select((s, i) => (s.Id, Node: $"s{i}")).ToDictionary(x => x.Id, x => x.Node, StringComparer.Ordinal);
        var builder = new StringBuilder("flowchart TD\n");
        foreach (var step in d.Steps)
        {
            var label = Escape($"{step.Name}<br/><small>{step.Type}: {step.Id}</small>");
            var (open, close) = step.Type switch
            {
                "route" => ("{", "}"),
                "trigger" or "terminate" => ("([", "])"),
                _ => ("[", "]"),
            };
            builder.Append("    ").Append(nodeIds[step.Id]).Append(open).Append('"').Append(label).Append('"').Append(close).Append('\n');
        }

        // Edges taken: consecutive executed steps, with the route branch label when one was recorded.
        var takenEdges = new HashSet<(string, string)>();
        for (var i = 1; i < executedSteps.Count; i++) takenEdges.Add((executedSteps[i - 1].Id, executedSteps[i].Id));

        var edgeIndex = 0;
        var takenIndexes = new List<int>();
        foreach (var step in d.Steps)
        {
            foreach (var link in step.Links.Where(l => nodeIds.ContainsKey(l.Target)))
            {
                builder.Append("    ").Append(nodeIds[step.Id]);
                builder.Append(link.Label is { } label ? $" -->|\"{Escape(label)}\"| " : " --> ");
                builder.Append(nodeIds[link.Target]).Append('\n');
                if (takenEdges.Contains((step.Id, link.Target))) takenIndexes.Add(edgeIndex);
                edgeIndex++;
            }
        }

        if (executedSteps.Count > 0)
        {
            builder.Append("    classDef ").Append(TakenClass).Append(" fill:#d1f2d9,stroke:#1e7e34,stroke-width:2px\n");
            builder.Append("    classDef ").Append(FailedClass).Append(" fill:#f8d7da,stroke:#a71d2a,stroke-width:2px\n");
            AppendClass(builder, TakenClass, executedSteps.Where(s => s.Status == StepStatus.Completed), nodeIds);
            AppendClass(builder, FailedClass, executedSteps.Where(s => s.Status != StepStatus.Completed), nodeIds);
            foreach (var index in takenIndexes)
            {
                builder.Append("    linkStyle ").Append(index).Append(" stroke:#1e7e34,stroke-width:3px\n");
            }
        }

        return builder.ToString();
    }

    private static void AppendClass(StringBuilder builder, string cssClass, IEnumerable<StepTrace> steps, Dictionary<string, string> nodeIds)
    {
        var nodes = steps.Where(s => nodeIds.ContainsKey(s.Id)).Select(s => nodeIds[s.Id]).Distinct().ToList();
        if (nodes.Count > 0) builder.Append("    class ").Append(string.Join(',', nodes)).Append(' ').Append(cssClass).Append('\n');
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
}

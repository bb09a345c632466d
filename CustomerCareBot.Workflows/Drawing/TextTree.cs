using System.Globalization;
using System.Text;

namespace CustomerCareBot.Workflows;

/// <summary>Plain-text view of a run: executed steps in order, route alternatives underneath, the taken one marked.</summary>
public static class TextTree
{
    public static string Render(WorkflowDefinition d, IReadOnlyList<StepTrace> executedSteps)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(executedSteps);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{d.Id} v{d.Version} — {d.Name}\n");
        for (var i = 0; i < executedSteps.Count; i++)
        {
            var trace = executedSteps[i];
            var last = i == executedSteps.Count - 1;
            builder.Append(last ? "└── " : "├── ")
                .Append(Mark(trace.Status)).Append(' ').Append(trace.Id)
                .Append(CultureInfo.InvariantCulture, $" ({trace.Type}) {trace.DurationMs:0.###} ms");
            if (trace.Branch is { } branch) builder.Append(" branch: ").Append(branch);
            if (trace.Note is { } note) builder.Append(" — ").Append(note);
            if (trace.Error is { } error) builder.Append(" ERROR: ").Append(error);
            builder.Append('\n');

            if (trace.Type == "route" && d.TryGetStep(trace.Id, out var step))
            {
                var chosen = i + 1 < executedSteps.Count ? executedSteps[i + 1].Id : null;
                var indent = last ? "    " : "│   ";
                for (var j = 0; j < step!.Links.Count; j++)
                {
                    var link = step.Links[j];
                    builder.Append(indent).Append(j == step.Links.Count - 1 ? "└── " : "├── ")
                        .Append(link.Target == chosen ? "* " : "  ")
                        .Append(link.Label ?? link.Field).Append(" -> ").Append(link.Target).Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    private static string Mark(string status) => status switch
    {
        StepStatus.Completed => "[ok]",
        StepStatus.Failed => "[failed]",
        _ => "[cancelled]",
    };
}

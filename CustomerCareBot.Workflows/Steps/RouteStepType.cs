using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary><c>route</c>: the first case whose <c>when</c> is truthy wins, else <c>default</c>; the branch is traced.</summary>
public sealed class RouteStepType : IStepType
{
    public const string DefaultBranch = "default";

    public string Name => "route";

    public IStepAction Compile(StepCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cases = new List<Case>();
        var links = new List<StepLink>();
        if (context.Fields["cases"] is JsonArray array && array.Count > 0)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var field = $"cases[{i}]";
                if (array[i] is not JsonObject item)
                {
                    context.Error(field, "must be an object with 'when' and 'next'");
                    continue;
                }

                var when = Text(context, item, field, "when");
                var next = Text(context, item, field, "next");
                var label = item["label"]?.GetValue<string>();
                var expression = when is null ? null : context.Expression($"{field}.when", when);
                if (next is null || expression is null) continue;
                cases.Add(new Case(expression, next, label ?? expression.Source));
                links.Add(new StepLink(next, $"{field}.next", label ?? expression.Source));
            }
        }
        else
        {
            context.Error("cases", context.Fields.ContainsKey("cases") ? "must be a non-empty array" : "is required");
        }

        var fallback = context.RequiredString("default");
        if (fallback is not null) links.Add(new StepLink(fallback, "default", DefaultBranch));
        return new Action([.. cases], fallback, links);
    }

    private static string? Text(StepCompileContext context, JsonObject item, string field, string name)
    {
        if (item[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0) return s;
        context.Error($"{field}.{name}", "is required");
        return null;
    }

    private sealed record Case(CompiledExpression When, string Next, string Label);

    private sealed class Action(Case[] cases, string? fallback, IReadOnlyList<StepLink> links) : IStepAction
    {
        public IReadOnlyList<StepLink> Links => links;

        public bool IsTerminal => false;

        public bool PerformsIo(StepServices services) => false;

        public ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken)
        {
            foreach (var item in cases)
            {
                if (run.Evaluate(item.When)) return ValueTask.FromResult(new StepOutcome(item.Next, item.Label));
            }

            return ValueTask.FromResult(new StepOutcome(fallback, DefaultBranch));
        }
    }
}

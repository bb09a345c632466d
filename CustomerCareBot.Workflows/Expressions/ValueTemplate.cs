using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>
/// A JSON value whose string leaves may hold <c>{{ expr }}</c> templates, compiled once at load.
/// Rendering produces a fresh JSON tree; parts without templates are shared literals cloned on output.
/// </summary>
public abstract class ValueTemplate
{
    public abstract JsonNode? Render(ExpressionSandbox sandbox, in ExpressionScope scope);

    /// <summary>Compiles <paramref name="node"/>, reporting each expression problem through <paramref name="report"/>.</summary>
    public static ValueTemplate Compile(JsonNode? node, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        switch (node)
        {
            case JsonObject obj:
                var properties = obj.Select(p => (p.Key, Compile(p.Value, report))).ToArray();
                return properties.All(p => p.Item2 is LiteralTemplate) ? new LiteralTemplate(obj.DeepClone()) : new ObjectTemplate(properties);
            case JsonArray array:
                var items = array.Select(i => Compile(i, report)).ToArray();
                return items.All(i => i is LiteralTemplate) ? new LiteralTemplate(array.DeepClone()) : new ArrayTemplate(items);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = TextTemplate.Parse(value.GetValue<string>(), allowSecrets: false, report);
                return text.IsLiteral ? new LiteralTemplate(value.DeepClone()) : new StringTemplate(text);
            default:
                return new LiteralTemplate(node?.DeepClone());
        }
    }

    /// <summary>Every expression inside the template.</summary>
    public abstract IEnumerable<CompiledExpression> Expressions { get; }

    private sealed class LiteralTemplate(JsonNode? value) : ValueTemplate
    {
        public override JsonNode? Render(ExpressionSandbox sandbox, in ExpressionScope scope) => value?.DeepClone();

        public override IEnumerable<CompiledExpression> Expressions => [];
    }

    private sealed class StringTemplate(TextTemplate text) : ValueTemplate
    {
        public override JsonNode? Render(ExpressionSandbox sandbox, in ExpressionScope scope) => text.RenderValue(sandbox, scope);

        public override IEnumerable<CompiledExpression> Expressions => text.Expressions;
    }

    private sealed class ObjectTemplate((string Key, ValueTemplate Value)[] properties) : ValueTemplate
    {
        public override JsonNode? Render(ExpressionSandbox sandbox, in ExpressionScope scope)
        {
            var result = new JsonObject();
            foreach (var (key, value) in properties)
            {
                result[key] = value.Render(sandbox, scope);
            }

            return result;
        }

        public override IEnumerable<CompiledExpression> Expressions => properties.SelectMany(p => p.Value.Expressions);
    }

    private sealed class ArrayTemplate(ValueTemplate[] items) : ValueTemplate
    {
        public override JsonNode? Render(ExpressionSandbox sandbox, in ExpressionScope scope)
        {
            var result = new JsonArray();
            foreach (var item in items)
            {
                result.Add(item.Render(sandbox, scope));
            }

            return result;
        }

        public override IEnumerable<CompiledExpression> Expressions => items.SelectMany(i => i.Expressions);
    }
}

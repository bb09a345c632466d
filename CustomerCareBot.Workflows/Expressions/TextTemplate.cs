using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>
/// A string with <c>{{ expr }}</c> holes (and, where allowed, <c>{{secret:name}}</c> references), parsed once at load.
/// </summary>
public sealed class TextTemplate
{
    private const string SecretPrefix = "secret:";
    private readonly Part[] _parts;

    private TextTemplate(string source, Part[] parts)
    {
        Source = source;
        _parts = parts;
    }

    public string Source { get; }

    /// <summary>The expression when the whole string is exactly one <c>{{ expr }}</c>, so its typed value can be kept.</summary>
    public CompiledExpression? SoleExpression => _parts is [{ Expression: { } e }] ? e : null;

    public bool IsLiteral => _parts.All(p => p.Expression is null && p.Secret is null);

    /// <summary>Names of the secrets referenced, so the engine knows which values to keep out of traces.</summary>
    public IEnumerable<string> SecretNames => _parts.Where(p => p.Secret is not null).Select(p => p.Secret!);

    /// <summary>Parses <paramref name="source"/>, reporting every problem through <paramref name="report"/>.</summary>
    public static TextTemplate Parse(string source, bool allowSecrets, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(report);
        var parts = new List<Part>();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(source[position..], null, null));
                break;
            }

            if (open > position) parts.Add(new Part(source[position..open], null, null));
            var close = source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                report($"unclosed '{{{{' in \"{source}\"");
                break;
            }

            var inner = source[(open + 2)..close].Trim();
            if (inner.StartsWith(SecretPrefix, StringComparison.Ordinal))
            {
                var name = inner[SecretPrefix.Length..].Trim();
                if (!allowSecrets) report($"secret reference '{{{{{inner}}}}}' is only allowed in httpRequest headers");
                else if (name.Length == 0) report("secret reference has no name");
                parts.Add(new Part(null, null, name));
            }
            else if (CompiledExpression.TryCompile(inner, out var error) is { } expression)
            {
                parts.Add(new Part(null, expression, null));
            }
            else
            {
                report(error!);
            }

            position = close + 2;
        }

        return new TextTemplate(source, [.. parts]);
    }

    /// <summary>Renders the text; <paramref name="secrets"/> resolves secret references (null when none are allowed).</summary>
    public string Render(ExpressionSandbox sandbox, in ExpressionScope scope, Func<string, string>? secrets = null)
    {
        if (_parts.Length == 1) return RenderPart(_parts[0], sandbox, scope, secrets);
        // A pooled buffer: only the result is allocated.
        var text = new DefaultInterpolatedStringHandler(0, _parts.Length);
        foreach (var part in _parts)
        {
            text.AppendLiteral(RenderPart(part, sandbox, scope, secrets));
        }

        return text.ToStringAndClear();
    }

    private static string RenderPart(Part part, ExpressionSandbox sandbox, in ExpressionScope scope, Func<string, string>? secrets) =>
        part.Literal ?? (part.Secret is { } secret
            ? secrets?.Invoke(secret) ?? throw new ExpressionException($"secret '{secret}' is not available here")
            : JsonJsConversion.ToText(sandbox.Evaluate(part.Expression!, scope)));

    /// <summary>Renders to a JSON value: the typed result for a sole expression, otherwise a string.</summary>
    public JsonNode? RenderValue(ExpressionSandbox sandbox, in ExpressionScope scope)
    {
        if (SoleExpression is { } expression) return sandbox.Evaluate(expression, scope);
        return JsonValue.Create(Render(sandbox, scope));
    }

    /// <summary>Every expression in the template (for validation and drawing).</summary>
    public IEnumerable<CompiledExpression> Expressions => _parts.Where(p => p.Expression is not null).Select(p => p.Expression!);

    private sealed record Part(string? Literal, CompiledExpression? Expression, string? Secret);
}

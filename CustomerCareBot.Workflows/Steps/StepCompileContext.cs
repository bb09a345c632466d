using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>Field readers for step types; every problem is recorded against the step and field.</summary>
public sealed class StepCompileContext
{
    private readonly Action<string?, string> _report;

    internal StepCompileContext(string stepId, JsonObject fields, Action<string?, string> report)
    {
        StepId = stepId;
        Fields = fields;
        _report = report;
    }

    public string StepId { get; }

    public JsonObject Fields { get; }

    public void Error(string? field, string message) => _report(field, message);

    public string? RequiredString(string field)
    {
        var value = OptionalString(field);
        if (value is null && !Fields.ContainsKey(field)) Error(field, "is required");
        return value;
    }

    public string? OptionalString(string field)
    {
        var node = Fields[field];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s) return s;
        Error(field, "must be a non-empty string");
        return null;
    }

    public double? OptionalPositiveNumber(string field)
    {
        var node = Fields[field];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonJsConversion.ReadNumber(v) is > 0 and var d) return d;
        Error(field, "must be a positive number");
        return null;
    }

    /// <summary>Reads the common <c>next</c> field.</summary>
    public StepLink? Next()
    {
        var next = RequiredString("next");
        return next is null ? null : new StepLink(next, "next");
    }

    public TextTemplate? RequiredText(string field, bool allowSecrets = false) =>
        RequiredString(field) is { } text ? Text(field, text, allowSecrets) : null;

    public TextTemplate Text(string field, string text, bool allowSecrets = false) =>
        TextTemplate.Parse(text, allowSecrets, message => Error(field, message));

    /// <summary>A JSON value with templates; null when absent.</summary>
    public ValueTemplate? OptionalValue(string field) =>
        Fields.ContainsKey(field) ? Value(field, Fields[field]) : null;

    public ValueTemplate Value(string field, JsonNode? node) =>
        ValueTemplate.Compile(node, message => Error(field, message));

    /// <summary>A bare expression (no braces), e.g. a route's <c>when</c>.</summary>
    public CompiledExpression? Expression(string field, string source)
    {
        var expression = CompiledExpression.TryCompile(source, out var error);
        if (expression is null) Error(field, error!);
        return expression;
    }
}

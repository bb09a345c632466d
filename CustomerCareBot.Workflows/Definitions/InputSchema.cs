using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>
/// The small schema a trigger payload is checked against: a <c>type</c>, <c>required</c> names and nested
/// <c>properties</c>. Enough to answer 400 with field paths; not JSON Schema.
/// </summary>
public sealed class InputSchema
{
    private static readonly string[] KnownTypes = ["string", "number", "integer", "boolean", "object", "array"];

    public string? Type { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];

    public IReadOnlyDictionary<string, InputSchema> Properties { get; private init; } = new Dictionary<string, InputSchema>();

    /// <summary>An object schema that accepts any object.</summary>
    public static InputSchema AnyObject { get; } = new() { Type = "object" };

    internal static InputSchema Parse(JsonNode? node, string path, Action<string, string> report)
    {
        if (node is not JsonObject obj)
        {
            report(path, "must be an object");
            return AnyObject;
        }

        var type = obj["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (obj["type"] is not null && (type is null || !KnownTypes.Contains(type)))
        {
            report(path + ".type", $"must be one of {string.Join(", ", KnownTypes)}");
        }

        var properties = new Dictionary<string, InputSchema>(StringComparer.Ordinal);
        if (obj["properties"] is JsonObject props)
        {
            foreach (var (name, child) in props)
            {
                properties[name] = Parse(child, $"{path}.properties.{name}", report);
            }
        }

        var required = new List<string>();
        if (obj["required"] is JsonArray req)
        {
            foreach (var item in req)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var name)) required.Add(name);
                else report(path + ".required", "must be an array of property names");
            }
        }

        return new InputSchema { Type = type ?? (properties.Count > 0 || required.Count > 0 ? "object" : null), Required = required, Properties = properties };
    }

    internal void Validate(JsonElement value, string path, Dictionary<string, List<string>> errors)
    {
        if (Type is not null && !Matches(Type, value))
        {
            Add(errors, path.Length == 0 ? "$" : path, $"must be {Article(Type)} {Type}");
            return;
        }

        if (value.ValueKind != JsonValueKind.Object) return;
        foreach (var name in Required)
        {
            if (!value.TryGetProperty(name, out var child) || child.ValueKind == JsonValueKind.Null)
            {
                Add(errors, Join(path, name), "is required");
            }
        }

        foreach (var (name, schema) in Properties)
        {
            if (value.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null)
            {
                schema.Validate(child, Join(path, name), errors);
            }
        }
    }

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => true,
    };

    private static string Article(string type) => type is "object" or "integer" or "array" ? "an" : "a";

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }
}

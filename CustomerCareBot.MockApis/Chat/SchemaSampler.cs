using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerCareBot.MockApis.Chat;

/// <summary>
/// Writes a JSON object that fits a (simple) JSON schema: the classification fields (intent, confidence, action,
/// reply) and phone-like fields get real values, any other property a plausible sample (const, first enum value,
/// default, or a value of its type).
/// </summary>
internal static class SchemaSampler
{
    private const int MaxDepth = 8;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="schema">An object schema; when it names no properties the result is the four classification fields
    /// if <paramref name="allFieldsWithoutSchema"/>, else <c>{}</c>.</param>
    public static string BuildObject(JsonElement? schema, Classification classification, string? phone, bool allFieldsWithoutSchema)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                WriteObject(writer, properties, classification, phone, depth: 0);
            }
            else if (allFieldsWithoutSchema)
            {
                writer.WriteStartObject();
                writer.WriteString("intent", classification.Intent);
                writer.WriteNumber("confidence", classification.Confidence);
                writer.WriteString("action", classification.Action);
                writer.WriteString("reply", classification.Reply);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement properties, Classification classification, string? phone, int depth)
    {
        writer.WriteStartObject();
        foreach (var property in properties.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (!WriteKnown(writer, property.Name, classification, phone, property.Value))
            {
                WriteSample(writer, property.Value, classification, phone, depth + 1);
            }
        }

        writer.WriteEndObject();
    }

    private static bool WriteKnown(Utf8JsonWriter writer, string name, Classification classification, string? phone, JsonElement schema)
    {
        if (name.Equals("intent", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteStringValue(classification.Intent);
        }
        else if (name.Equals("confidence", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteNumberValue(classification.Confidence);
        }
        else if (name.Equals("action", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteStringValue(classification.Action);
        }
        else if (name.Equals("reply", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteStringValue(classification.Reply);
        }
        else if (phone is not null && IsPhoneLike(name) && TypeOf(schema) is null or "string")
        {
            writer.WriteStringValue(phone);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool IsPhoneLike(string name) =>
        name.Contains("phone", StringComparison.OrdinalIgnoreCase)
        || name.Contains("store_number", StringComparison.OrdinalIgnoreCase)
        || name.Contains("storeNumber", StringComparison.OrdinalIgnoreCase)
        || name.Equals("number", StringComparison.OrdinalIgnoreCase);

    private static void WriteSample(Utf8JsonWriter writer, JsonElement schema, Classification classification, string? phone, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            writer.WriteNullValue();
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("default", out var defaultValue))
        {
            defaultValue.WriteTo(writer);
            return;
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(keyword, out var options) && options.ValueKind == JsonValueKind.Array)
            {
                foreach (var option in options.EnumerateArray())
                {
                    if (TypeOf(option) != "null")
                    {
                        WriteSample(writer, option, classification, phone, depth + 1);
                        return;
                    }
                }
            }
        }

        switch (TypeOf(schema))
        {
            case "string":
                writer.WriteStringValue("mock");
                break;
            case "integer":
            case "number":
                writer.WriteNumberValue(0);
                break;
            case "boolean":
                writer.WriteBooleanValue(false);
                break;
            case "array":
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
            case "object":
                if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    WriteObject(writer, properties, classification, phone, depth);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }

                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>The schema's <c>type</c> (the first non-null one of a type array), or null.</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            string? fallback = null;
            foreach (var item in type.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (name is not null and not "null")
                {
                    return name;
                }

                fallback ??= name;
            }

            return fallback;
        }

        return null;
    }
}

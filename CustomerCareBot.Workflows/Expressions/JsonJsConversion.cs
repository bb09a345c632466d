using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;

namespace CustomerCareBot.Workflows;

/// <summary>Copies values between System.Text.Json nodes and Jint values (copies, so scripts cannot mutate run state).</summary>
internal static class JsonJsConversion
{
    private const int MaxDepth = 64;

    public static JsValue ToJs(Engine engine, JsonNode? node, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException("value is nested too deeply");
        }

        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject obj:
                var result = new JsObject(engine);
                foreach (var (key, value) in obj)
                {
                    result.FastSetDataProperty(key, ToJs(engine, value, depth + 1));
                }

                return result;
            case JsonArray array:
                var items = new JsValue[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToJs(engine, array[i], depth + 1);
                }

                return new JsArray(engine, items);
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => JsString.Create(value.GetValue<string>()),
                    JsonValueKind.True => JsBoolean.True,
                    JsonValueKind.False => JsBoolean.False,
                    JsonValueKind.Number => JsNumber.Create(ReadNumber(value)),
                    _ => JsValue.Null,
                };
            default:
                return JsValue.Undefined;
        }
    }

    /// <summary>Reads a JSON number whatever CLR type backs it (parsed element or a value created in code).</summary>
    public static double ReadNumber(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d)) return d;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<decimal>(out var m)) return (double)m;
        if (value.TryGetValue<float>(out var f)) return f;
        return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
    }

    public static JsonNode? ToJson(JsValue value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException("result is nested too deeply (or cyclic)");
        }

        switch (value)
        {
            case JsString:
                return JsonValue.Create(value.ToString());
            case JsBoolean:
                return JsonValue.Create(value.AsBoolean());
            case JsNumber:
                var number = value.AsNumber();
                if (double.IsNaN(number) || double.IsInfinity(number)) return null;
                // Integral results stay integers in JSON (200, not 200.0) like JSON.stringify.
                return number == Math.Floor(number) && Math.Abs(number) < 9e15
                    ? JsonValue.Create((long)number)
                    : JsonValue.Create(number);
            case JsArray array:
                var list = new JsonArray();
                var length = array.Length;
                for (uint i = 0; i < length; i++)
                {
                    list.Add(ToJson(array.Get(i), depth + 1));
                }

                return list;
            case Function:
                return null;
            case ObjectInstance obj:
                var result = new JsonObject();
                foreach (var (key, descriptor) in obj.GetOwnProperties())
                {
                    if (descriptor.Enumerable && key.IsString())
                    {
                        var item = obj.Get(key);
                        if (item is not Function && !item.IsUndefined())
                        {
                            result[key.ToString()] = ToJson(item, depth + 1);
                        }
                    }
                }

                return result;
            default:
                return null; // undefined and null
        }
    }

    /// <summary>String form used when a value is interpolated into text.</summary>
    public static string ToText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            ReadNumber(v).ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}

using System.Text;
using System.Text.Json;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>One generated webhook: what kind it is, its bytes and its Content-Type (null: none).</summary>
public sealed record HostileCase(string Kind, byte[] Body, string? ContentType)
{
    private static readonly string[] OddStrings =
    [
        "\u0000", "\u0001\u001f", "\u007f", "\u200b\u200d", "\u202e\u202d", "\ufeff", "\ufffd", "\uffff", "e\u0301\u0301\u0301",
        "\ud83d\ude00", "\ud800", "\udfff", "\udc00\ud800", "\\", "\"", "</script>", "{{ globals }}", "${7*7}", "'; DROP TABLE runs;--",
        "\u0646\u0645\u0628\u0631", "\u4e2d\u6587", "\r\n", "\t", "%00", "null", "+92", "0", "",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
        "application/json; charset=utf-16", "application/problem+json", "*/*", "application/octet-stream", ";;;", "application/json; charset=bogus",
    ];

    public static HostileCase Generate(Random random, int index)
    {
        var kind = random.Next(12);
        return kind switch
        {
            0 or 1 => Json("valid", ValidPayload(random, index)),
            2 => Json("wrong-typed field", WrongTyped(random, index)),
            3 => Json("missing field", Missing(random, index)),
            4 => Json("random JSON", RandomJson(random, random.Next(1, 40))),
            5 => Truncated(random, index),
            6 => new HostileCase("random bytes", RandomBytes(random), random.Next(2) == 0 ? "application/json" : null),
            7 => new HostileCase("wrong content type", Encoding.UTF8.GetBytes(ValidPayload(random, index)), random.Next(8) == 0 ? null : ContentTypes[random.Next(ContentTypes.Length)]),
            8 => Json("raw lone surrogate / invalid UTF-8", InvalidUtf8(random, index)),
            9 => Json("huge string", HugeString(random, index)),
            10 => Json("deep nesting", DeepNesting(random)),
            _ => Json("odd unicode", OddUnicode(random, index)),
        };
    }

    private static HostileCase Json(string kind, string json) => new(kind, Encoding.UTF8.GetBytes(json), "application/json");

    private static HostileCase Json(string kind, byte[] body) => new(kind, body, "application/json");

    private static string Phone(int index) => $"+9239{index:D7}1";

    private static string ValidPayload(Random random, int index) => Payload(JsonSerializer.Serialize("cust-" + index), JsonSerializer.Serialize(Phone(index)),
        $$"""{"message":{{JsonSerializer.Serialize(OddText(random, 0, 40))}}}""") + Extra(random);

    private static string Payload(string customerId, string phone, string evt) =>
        $$"""{"customer_id":{{customerId}},"customer_phone_number":{{phone}},"event":{{evt}}""";

    private static string Extra(Random random) => random.Next(3) switch
    {
        0 => "}",
        1 => $",\"extra\":{RandomJson(random, 4)}}}",
        _ => ",\"customer_id\":\"duplicate-key\"}",
    };

    private static string WrongTyped(Random random, int index)
    {
        string[] wrong = ["1", "true", "null", "[]", "{}", "1.5e308", "-0", "[\"a\"]", "{\"message\":\"x\"}"];
        var w = wrong[random.Next(wrong.Length)];
        return random.Next(4) switch
        {
            0 => Payload(w, JsonSerializer.Serialize(Phone(index)), """{"message":"hi"}""") + "}",
            1 => Payload("\"c\"", w == "{\"message\":\"x\"}" ? "1" : w, """{"message":"hi"}""") + "}",
            2 => Payload("\"c\"", JsonSerializer.Serialize(Phone(index)), w == "{}" || w == "{\"message\":\"x\"}" ? "\"refund\"" : w) + "}",
            _ => Payload("\"c\"", JsonSerializer.Serialize(Phone(index)), $$"""{"message":{{(w == "{\"message\":\"x\"}" ? "{}" : w)}}}""") + "}",
        };
    }

    private static string Missing(Random random, int index)
    {
        string[] fields = [$"\"customer_id\":\"c{index}\"", $"\"customer_phone_number\":\"{Phone(index)}\"", random.Next(2) == 0 ? "\"event\":{\"message\":\"hi\"}" : "\"event\":{}"];
        var kept = fields.Where((_, i) => i != random.Next(3) || i == 3).ToList();
        if (kept.Count == 3)
        {
            kept.RemoveAt(random.Next(2)); // never all three with a message: always something missing
        }

        return "{" + string.Join(",", kept) + "}";
    }

    private static HostileCase Truncated(Random random, int index)
    {
        var json = ValidPayload(random, index);
        var bytes = Encoding.UTF8.GetBytes(json);
        return new HostileCase("truncated JSON", bytes[..random.Next(0, bytes.Length - 1)], "application/json");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2048)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private static byte[] InvalidUtf8(Random random, int index)
    {
        var prefix = Encoding.UTF8.GetBytes($$"""{"customer_id":"c{{index}}","customer_phone_number":"{{Phone(index)}}","event":{"message":"bad""");
        byte[][] bad = [[0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80]];
        var suffix = Encoding.UTF8.GetBytes("\"}}");
        return [.. prefix, .. bad[random.Next(bad.Length)], .. suffix];
    }

    private static string HugeString(Random random, int index)
    {
        // Mostly within the 256 KB body limit, sometimes just over it (413).
        var length = random.Next(4) == 0 ? random.Next(256 * 1024, 300 * 1024) : random.Next(64 * 1024, 250 * 1024);
        var filler = random.Next(3) switch
        {
            0 => new string('x', length),
            1 => string.Concat(Enumerable.Repeat("\\u0000", length / 6)),
            _ => string.Concat(Enumerable.Repeat("\u00e9", length / 2)),
        };
        var where = random.Next(3);
        return where switch
        {
            0 => Payload($"\"{filler}\"", JsonSerializer.Serialize(Phone(index)), """{"message":"hi"}""") + "}",
            1 => Payload("\"c\"", JsonSerializer.Serialize(Phone(index)), $$"""{"message":"{{filler}}"}""") + "}",
            _ => Payload("\"c\"", JsonSerializer.Serialize(Phone(index)), """{"message":"hi"}""") + $",\"{filler[..Math.Min(filler.Length, 1000)]}\":1}}",
        };
    }

    private static string DeepNesting(Random random)
    {
        var depth = random.Next(20, 5000);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var closing = string.Concat(Enumerable.Repeat(close, random.Next(2) == 0 ? depth : depth / 2));
        return "{\"customer_id\":\"c\",\"customer_phone_number\":\"+923001234561\",\"event\":{\"message\":\"hi\",\"deep\":"
            + string.Concat(Enumerable.Repeat(open, depth)) + "1" + closing + "}}";
    }

    private static string OddUnicode(Random random, int index)
    {
        // Escaped lone surrogates and control characters: valid JSON syntax, invalid or odd Unicode.
        string Escaped() => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(3) switch
        {
            0 => $"\\u{random.Next(0xD800, 0xE000):x4}",
            1 => $"\\u{random.Next(0, 0x20):x4}",
            _ => JsonSerializer.Serialize(OddStrings[random.Next(OddStrings.Length)])[1..^1],
        }));
        return random.Next(4) switch
        {
            0 => Payload($"\"{Escaped()}\"", JsonSerializer.Serialize(Phone(index)), """{"message":"hi"}""") + "}",
            1 => Payload("\"c\"", $"\"{Escaped()}\"", """{"message":"hi"}""") + "}",
            2 => Payload("\"c\"", JsonSerializer.Serialize(Phone(index)), $$"""{"message":"{{Escaped()}}"}""") + "}",
            _ => Payload("\"c\"", JsonSerializer.Serialize(Phone(index)), """{"message":"hi"}""") + $",\"{Escaped()}\":\"{Escaped()}\"}}",
        };
    }

    private static string OddText(Random random, int min, int max) =>
        string.Concat(Enumerable.Range(0, random.Next(min, max)).Select(_ => random.Next(3) == 0
            ? OddStrings[random.Next(OddStrings.Length)]
            : ((char)random.Next(0x20, 0x7f)).ToString()));

    private static string RandomJson(Random random, int depth)
    {
        var choice = depth <= 0 ? random.Next(6) : random.Next(8);
        return choice switch
        {
            0 => "null",
            1 => random.Next(2) == 0 ? "true" : "false",
            2 => random.Next(3) switch { 0 => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), 1 => "-1e400", _ => "0.000001" },
            3 => JsonSerializer.Serialize(OddText(random, 0, 20)),
            4 => "\"customer_id\"",
            5 => "[]",
            6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth - 1))) + "]",
            _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
                JsonSerializer.Serialize(random.Next(3) == 0 ? "customer_id" : OddText(random, 0, 8)) + ":" + RandomJson(random, depth - 1))) + "}",
        };
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>What the tool reads of <c>GET /runs/{id}</c>; the rest (steps, globals, output) is skipped unparsed.</summary>
public readonly record struct RunState(
    string? Status,
    string? FinalStatus,
    string? Reason,
    string? Error,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt)
{
    public bool IsTerminal => RunStatus.IsTerminal(Status);
}

public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string? status) => status is Completed or Failed or Cancelled;
}

/// <summary>Allocation-light readers of the Api's JSON answers (Utf8JsonReader over the response bytes).</summary>
public static class RunJson
{
    /// <summary>The <c>runId</c> of a 202 body, or null.</summary>
    public static string? ReadRunId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRunId = reader.ValueTextEquals("runId"u8);
                reader.Read();
                if (isRunId && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The top-level fields of a run document; throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static RunState ReadRun(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A run document must be a JSON object.");
        }

        return ReadRunObject(ref reader, out _);
    }

    /// <summary>The body of <c>POST /runs/lookup</c> for these run ids.</summary>
    public static byte[] WriteLookup(IEnumerable<string> runIds)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("runIds"u8);
            foreach (var id in runIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The answer of <c>POST /runs/lookup</c> by run id; throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static Dictionary<string, RunState> ReadLookup(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A lookup answer must be a JSON array.");
        }

        var states = new Dictionary<string, RunState>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var state = ReadRunObject(ref reader, out var runId);
            if (runId is not null)
            {
                states[runId] = state;
            }
        }

        return states;
    }

    /// <summary>Reads the object the reader is at (its StartObject) up to its EndObject.</summary>
    private static RunState ReadRunObject(ref Utf8JsonReader reader, out string? runId)
    {
        string? status = null, finalStatus = null, reason = null, error = null;
        DateTimeOffset? created = null, started = null, completed = null;
        runId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("runId"u8))
            {
                reader.Read();
                runId = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("finalStatus"u8))
            {
                reader.Read();
                finalStatus = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                reader.Read();
                reason = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("createdAt"u8))
            {
                reader.Read();
                created = TimeOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("startedAt"u8))
            {
                reader.Read();
                started = TimeOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("completedAt"u8))
            {
                reader.Read();
                completed = TimeOrNull(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new RunState(status, finalStatus, reason, error, created, started, completed);
    }

    private static string? StringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipAndNull(ref reader);

    private static string? SkipAndNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static DateTimeOffset? TimeOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : null;
    }
}

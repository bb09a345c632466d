using System.Buffers;
using System.Text.Json;

namespace CustomerCareBot.Api.Webhooks;

/// <summary>
/// Finds escaped strings that are not valid Unicode (a lone surrogate such as <c>"\ud9d3"</c>). JSON's grammar
/// allows them, but they cannot become .NET strings, so such a body is refused at the door instead of failing
/// whoever reads the value later. Only escaped tokens need a look: the reader already validates raw UTF-8.
/// </summary>
internal static class JsonStringCheck
{
    /// <summary>The byte offset of the first invalid escaped string or property name, or -1.</summary>
    public static long FindInvalidEscape(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        char[]? scratch = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
                {
                    continue;
                }

                var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                if (scratch is null || scratch.Length < length)
                {
                    if (scratch is not null)
                    {
                        ArrayPool<char>.Shared.Return(scratch);
                    }

                    scratch = ArrayPool<char>.Shared.Rent(length);
                }

                try
                {
                    reader.CopyString(scratch);
                }
                catch (InvalidOperationException)
                {
                    return reader.TokenStartIndex;
                }
            }

            return -1;
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<char>.Shared.Return(scratch);
            }
        }
    }
}

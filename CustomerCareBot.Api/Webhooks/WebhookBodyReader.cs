using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Webhooks;

/// <summary>
/// A webhook body that passed the transport checks: JSON object, size and depth within limits. It owns a pooled
/// copy of the bytes, because the document reads them in place and the request's pipe buffers are reused.
/// </summary>
internal sealed class WebhookBody(JsonDocument document, byte[] buffer, int length) : IDisposable
{
    public JsonDocument Document { get; } = document;

    /// <summary>The body exactly as received (UTF-8 JSON), stored with the run as its trigger.</summary>
    public ReadOnlyMemory<byte> Utf8Json => buffer.AsMemory(0, length);

    public void Dispose()
    {
        Document.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}

/// <summary>
/// Reads a webhook body with the limits applied while reading, so a huge or deeply nested body costs
/// no more than the limit, and says precisely what was wrong when it is refused.
/// </summary>
internal sealed class WebhookBodyReader(IOptions<WebhookOptions> options)
{
    public async Task<(WebhookBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Webhook bodies must be JSON (Content-Type: application/json); got '{request.ContentType ?? "none"}'.",
                "header:Content-Type"));
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        var reader = request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return (null, TooLarge(limit));
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var buffer = read.Buffer;
        try
        {
            if (buffer.IsEmpty)
            {
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Empty body",
                    "The webhook body is empty; send a JSON object.", "body"));
            }

            var length = (int)buffer.Length;
            var copy = ArrayPool<byte>.Shared.Rent(length);
            buffer.CopyTo(copy);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(copy.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = options.Value.MaxJsonDepth });
            }
            catch (JsonException ex)
            {
                ArrayPool<byte>.Shared.Return(copy);
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON",
                    $"The body is not valid JSON: {ex.Message}", ex.Path is { Length: > 0 } p ? p : "body"));
            }

            if (JsonStringCheck.FindInvalidEscape(copy.AsSpan(0, length), options.Value.MaxJsonDepth) is var offset and >= 0)
            {
                document.Dispose();
                ArrayPool<byte>.Shared.Return(copy);
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Invalid Unicode in JSON",
                    $"The string at byte {offset} escapes a lone surrogate (\\uD800-\\uDFFF without its pair), which is not valid Unicode.", "body"));
            }

            var kind = document.RootElement.ValueKind;
            if (kind != JsonValueKind.Object)
            {
                document.Dispose();
                ArrayPool<byte>.Shared.Return(copy);
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Body must be a JSON object",
                    $"The body is a JSON {kind.ToString().ToLowerInvariant()}, not an object.", "body"));
            }

            return (new WebhookBody(document, copy, length), null);
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }

    private static IResult TooLarge(int limit) => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The webhook body exceeds the limit of {limit} bytes.", "body");
}

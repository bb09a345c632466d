using System.Buffers;
using System.Text.Json;

namespace CustomerCareBot.MockApis.Chat;

/// <summary>A <c>stream: true</c> answer: server-sent <c>chat.completion.chunk</c> events closed by <c>data: [DONE]</c>.</summary>
internal sealed class ChatStreamResult(IReadOnlyList<ChatCompletionChunk> chunks) : IResult
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public IReadOnlyList<ChatCompletionChunk> Chunks => chunks;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        var body = response.BodyWriter;
        var abort = httpContext.RequestAborted;
        foreach (var chunk in chunks)
        {
            body.Write(DataPrefix);
            using (var writer = new Utf8JsonWriter(body))
            {
                JsonSerializer.Serialize(writer, chunk, MockJsonContext.Default.ChatCompletionChunk);
            }

            body.Write(EventEnd);
            await body.FlushAsync(abort);
        }

        body.Write(Done);
        await body.FlushAsync(abort);
    }
}

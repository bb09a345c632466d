using CustomerCareBot.MockApis.Faults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerCareBot.MockApis.Chat;

/// <summary><c>POST /v1/chat/completions</c>: an OpenAI-compatible chat completions API backed by <see cref="MockChatModel"/>.</summary>
internal static class ChatEndpoints
{
    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/chat")
            .WithTags("Chat")
            .MapPost("/completions", PostChatCompletionAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completions from a deterministic mock model.")
            .WithDescription("Requires 'Authorization: Bearer <MockApis:ModelApiKey>' when that option is set. Supports response_format (json_object, json_schema), tools/tool_choice and stream. Hooks in the last user message: [mock:malformed], [mock:unknown-action], [mock:slow]. Subject to the configured faults.")
            .DocumentJsonBody<ChatCompletionRequest>()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async ValueTask<Results<Ok<ChatCompletionResponse>, ChatStreamResult, ValidationProblem, ProblemHttpResult>> PostChatCompletionAsync(
        HttpContext context, FaultInjector faults, CallCounter calls, AccessGuard guard, MockChatModel model, TimeProvider timeProvider)
    {
        var tally = calls.Reached(MockRoute.Chat, phone: null);
        if (await faults.ApplyAsync(context) is { } fault)
        {
            return fault;
        }

        if (!guard.IsValidModelKey(context.Request.Headers.Authorization))
        {
            return Problems.Unauthorized("A valid API key is required: 'Authorization: Bearer <key>'.");
        }

        var (ok, request) = await JsonBody.TryReadAsync(context.Request, MockJsonContext.Default.ChatCompletionRequest);
        if (!ok)
        {
            return Problems.Invalid("body", "The body must be a JSON chat completion request.");
        }

        if (request?.Messages is not { Count: > 0 } messages)
        {
            return Problems.Invalid("messages", "At least one message is required.");
        }

        var lastUserText = MockChatModel.LastUserText(messages);
        if (lastUserText.Contains(MockChatModel.SlowHook, StringComparison.OrdinalIgnoreCase))
        {
            await Task.Delay(model.SlowDelay, timeProvider, context.RequestAborted);
        }

        var answer = MockChatModel.Answer(request, lastUserText);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var modelName = string.IsNullOrEmpty(request.Model) ? MockChatModel.DefaultModel : request.Model;
        var usage = new ChatUsage(answer.PromptTokens, answer.CompletionTokens, answer.PromptTokens + answer.CompletionTokens);

        tally.Succeeded();
        if (request.Stream == true)
        {
            return new ChatStreamResult(StreamChunks(id, created, modelName, answer, request.StreamOptions?.IncludeUsage == true ? usage : null));
        }

        var message = new AssistantMessage("assistant", answer.Content, answer.ToolCall is null ? null : [answer.ToolCall]);
        return TypedResults.Ok(new ChatCompletionResponse(id, "chat.completion", created, modelName, [new ChatChoice(0, message, answer.FinishReason)], usage));
    }

    private static List<ChatCompletionChunk> StreamChunks(string id, long created, string model, MockAnswer answer, ChatUsage? usage)
    {
        const string ChunkObject = "chat.completion.chunk";
        var chunks = new List<ChatCompletionChunk>(4);

        ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason) =>
            new(id, ChunkObject, created, model, [new ChunkChoice(0, delta, finishReason)], null);

        if (answer.ToolCall is { } call)
        {
            chunks.Add(Chunk(new ChunkDelta("assistant", null, [new ChunkToolCall(0, call.Id, call.Type, new ChunkFunctionCall(call.Function.Name, string.Empty))]), null));
            chunks.Add(Chunk(new ChunkDelta(null, null, [new ChunkToolCall(0, null, null, new ChunkFunctionCall(null, call.Function.Arguments))]), null));
        }
        else
        {
            chunks.Add(Chunk(new ChunkDelta("assistant", string.Empty, null), null));
            chunks.Add(Chunk(new ChunkDelta(null, answer.Content, null), null));
        }

        chunks.Add(Chunk(new ChunkDelta(null, null, null), answer.FinishReason));
        if (usage is not null)
        {
            chunks.Add(new ChatCompletionChunk(id, ChunkObject, created, model, [], usage));
        }

        return chunks;
    }
}

using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis.Chat;

/// <summary>What the mock model makes of a conversation.</summary>
public sealed record Classification(string Intent, double Confidence, string Action, string Reply);

/// <summary>The mock model's answer: either text content or one tool call.</summary>
internal sealed record MockAnswer(string? Content, ToolCall? ToolCall, int PromptTokens, int CompletionTokens)
{
    public string FinishReason => ToolCall is null ? "stop" : "tool_calls";
}

/// <summary>
/// A deterministic stand-in for an LLM. It classifies the last user message by keywords (refund/return, status /
/// "where is my order", anything else), calls the first offered tool once per conversation, and answers JSON when
/// <c>response_format</c> asks for it. Test hooks in the last user message: <c>[mock:malformed]</c>,
/// <c>[mock:unknown-action]</c>, <c>[mock:slow]</c>.
/// </summary>
internal sealed class MockChatModel(IOptions<MockApisOptions> options)
{
    public const string MalformedHook = "[mock:malformed]";
    public const string UnknownActionHook = "[mock:unknown-action]";
    public const string SlowHook = "[mock:slow]";
    public const string DefaultModel = "mock-model";

    private static readonly Classification Refund = new(
        "refund_request", 0.98, "route_to_refunds", "I'm sorry to hear that. I'm passing your refund request to our refunds team.");

    private static readonly Classification OrderStatus = new(
        "order_status", 0.95, "fetch_status", "Let me check the status of your order.");

    private static readonly Classification General = new(
        "general_query", 0.6, "respond_with_info", "Thanks for reaching out! Here is some information that should help.");

    /// <summary>How long <c>[mock:slow]</c> holds the answer back.</summary>
    public TimeSpan SlowDelay { get; } = TimeSpan.FromMilliseconds(options.Value.SlowModelDelayMs);

    public static Classification Classify(string text)
    {
        var classification =
            text.Contains("refund", StringComparison.OrdinalIgnoreCase) || text.Contains("return", StringComparison.OrdinalIgnoreCase) ? Refund
            : text.Contains("status", StringComparison.OrdinalIgnoreCase) || text.Contains("where is my order", StringComparison.OrdinalIgnoreCase) ? OrderStatus
            : General;

        return text.Contains(UnknownActionHook, StringComparison.OrdinalIgnoreCase)
            ? classification with { Action = "launch_rockets" }
            : classification;
    }

    /// <summary>The text of the last <c>user</c> message ("" when there is none).</summary>
    public static string LastUserText(List<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (string.Equals(messages[i].Role, "user", StringComparison.OrdinalIgnoreCase))
            {
                return TextOf(messages[i].Content);
            }
        }

        return string.Empty;
    }

    public static MockAnswer Answer(ChatCompletionRequest request, string lastUserText)
    {
        var messages = request.Messages ?? [];
        var promptTokens = PromptTokens(messages);
        var classification = Classify(lastUserText);

        if (ChooseTool(request, messages) is { } tool)
        {
            var phone = FindPhoneNumber(lastUserText);
            var arguments = SchemaSampler.BuildObject(tool.Parameters, classification, phone, allFieldsWithoutSchema: false);
            var call = new ToolCall("call_" + Guid.NewGuid().ToString("N")[..24], "function", new FunctionCall(tool.Name!, arguments));
            return new MockAnswer(null, call, promptTokens, Tokens(tool.Name!.Length + arguments.Length));
        }

        string content;
        if (lastUserText.Contains(MalformedHook, StringComparison.OrdinalIgnoreCase))
        {
            // Deliberately cut off mid-object: not valid JSON, whatever was asked for.
            content = "{\"intent\": \"" + classification.Intent + "\", \"confidence\": " + "0.9, \"action\": ";
        }
        else if (request.ResponseFormat?.Type is "json_object" or "json_schema")
        {
            var schema = request.ResponseFormat.JsonSchema?.Schema;
            content = SchemaSampler.BuildObject(schema, classification, FindPhoneNumber(lastUserText), allFieldsWithoutSchema: true);
        }
        else
        {
            content = classification.Reply;
        }

        return new MockAnswer(content, null, promptTokens, Tokens(content.Length));
    }

    /// <summary>The tool to call now: none once any tool result is in the conversation or with <c>tool_choice: "none"</c>.</summary>
    private static FunctionDefinition? ChooseTool(ChatCompletionRequest request, List<ChatMessage> messages)
    {
        if (request.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        foreach (var message in messages)
        {
            if (string.Equals(message.Role, "tool", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        string? wanted = null;
        if (request.ToolChoice is { } choice)
        {
            if (choice.ValueKind == JsonValueKind.String && choice.ValueEquals("none"))
            {
                return null;
            }

            if (choice.ValueKind == JsonValueKind.Object
                && choice.TryGetProperty("function", out var function)
                && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String)
            {
                wanted = name.GetString();
            }
        }

        FunctionDefinition? first = null;
        foreach (var tool in tools)
        {
            if (tool.Function is not { Name: { Length: > 0 } toolName } definition)
            {
                continue;
            }

            if (wanted is null || string.Equals(toolName, wanted, StringComparison.Ordinal))
            {
                return definition;
            }

            first ??= definition;
        }

        return first;
    }

    /// <summary>A string content, or the concatenated text parts of an array content.</summary>
    public static string TextOf(JsonElement? content)
    {
        if (content is not { } element)
        {
            return string.Empty;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() ?? string.Empty;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        string? single = null;
        System.Text.StringBuilder? builder = null;
        foreach (var part in element.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("text", out var text)
                && text.ValueKind == JsonValueKind.String)
            {
                var value = text.GetString() ?? string.Empty;
                if (single is null)
                {
                    single = value;
                }
                else
                {
                    (builder ??= new System.Text.StringBuilder(single)).Append('\n').Append(value);
                }
            }
        }

        return builder?.ToString() ?? single ?? string.Empty;
    }

    /// <summary>The first run of at least six digits (with a leading '+' if present), or null.</summary>
    public static string? FindPhoneNumber(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isDigit = i < text.Length && char.IsAsciiDigit(text[i]);
            if (isDigit && start < 0)
            {
                start = i;
            }
            else if (!isDigit && start >= 0)
            {
                if (i - start >= 6)
                {
                    var from = start > 0 && text[start - 1] == '+' ? start - 1 : start;
                    return text[from..i];
                }

                start = -1;
            }
        }

        return null;
    }

    private static int PromptTokens(List<ChatMessage> messages)
    {
        var chars = 0;
        foreach (var message in messages)
        {
            if (message.Content is { ValueKind: JsonValueKind.String } content)
            {
                chars += content.GetString()?.Length ?? 0;
            }
            else
            {
                chars += TextOf(message.Content).Length;
            }

            chars += 4; // role and framing
        }

        return Tokens(chars);
    }

    /// <summary>Roughly four characters per token, at least one.</summary>
    private static int Tokens(int chars) => Math.Max(1, (chars + 3) / 4);
}

using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace CustomerCareBot.MockApis.Tests;

/// <summary>Protocol compatibility: the official OpenAI .NET client (and Microsoft.Extensions.AI on top of it) against the mock.</summary>
public sealed class OpenAIClientTests(SecuredMockApisFactory factory) : MockApisTestBase<SecuredMockApisFactory>(factory)
{
    private const string Model = "gpt-4o-mini-mock";

    private ChatClient CreateChatClient(string apiKey = SecuredMockApisFactory.ModelApiKey) =>
        new(Model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(Anonymous.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(Factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    [Fact]
    public async Task Json_schema_classification_through_the_openai_client()
    {
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                "classification",
                BinaryData.FromString("""
                    {"type":"object","properties":{"intent":{"type":"string"},"confidence":{"type":"number"},"action":{"type":"string"},"reply":{"type":"string"}},
                     "required":["intent","confidence","action","reply"],"additionalProperties":false}
                    """),
                jsonSchemaIsStrict: true),
        };

        ChatCompletion completion = await CreateChatClient().CompleteChatAsync(
            [new SystemChatMessage("You classify customer messages."), new UserChatMessage("I'd like to return these boots")],
            options);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(Model, completion.Model);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.True(completion.Usage.TotalTokenCount > 0);
        var json = JsonDocument.Parse(Assert.Single(completion.Content).Text).RootElement;
        Assert.Equal("refund_request", json.GetProperty("intent").GetString());
        Assert.Equal(0.98, json.GetProperty("confidence").GetDouble());
        Assert.Equal("route_to_refunds", json.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Tool_call_round_trip_through_the_openai_client()
    {
        var client = CreateChatClient();
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool(
                    "lookup_orders",
                    "Looks up the orders of a customer",
                    BinaryData.FromString("""{"type":"object","properties":{"store_number":{"type":"string"}},"required":["store_number"]}""")),
            },
        };
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("What's the status of my order? I'm 5551234567.")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("lookup_orders", call.FunctionName);
        Assert.Equal("5551234567", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("store_number").GetString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, """{"orders":[{"orderId":"ord_1","status":"shipped"}]}"""));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Empty(second.ToolCalls);
        Assert.Contains("status", Assert.Single(second.Content).Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Streaming_through_the_openai_client()
    {
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in CreateChatClient().CompleteChatStreamingAsync([new UserChatMessage("I want a refund")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Contains("refund", text.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_api_key_is_rejected_with_401()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => CreateChatClient("sk-wrong").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Missing_api_key_is_rejected_when_one_is_configured()
    {
        var response = await Anonymous.PostAsync("/v1/chat/completions", JsonContent("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Structured_output_through_microsoft_extensions_ai()
    {
        IChatClient chat = CreateChatClient().AsIChatClient();

        var response = await chat.GetResponseAsync<IntentResult>("Where is my order?");

        Assert.Equal("order_status", response.Result.Intent);
        Assert.Equal(0.95, response.Result.Confidence);
        Assert.Equal("fetch_status", response.Result.Action);
    }

    [Fact]
    public async Task Slow_hook_honours_the_client_aborting()
    {
        using var http = Factory.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + SecuredMockApisFactory.ModelApiKey);
        http.DefaultRequestHeaders.Add(RequestLog.IdHeader, "slow-abort");
        using var cts = new CancellationTokenSource();

        // MockApis:SlowModelDelayMs is the held delay in this fixture: the answer can only end by the abort.
        var send = http.PostAsync("/v1/chat/completions", JsonContent("""{"model":"m","messages":[{"role":"user","content":"hi [mock:slow]"}]}"""), cts.Token);
        await Factory.Clock.WaitForTimerAsync(RecordingTimeProvider.HeldDelay);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        var completed = await Factory.Requests.WaitForAsync("slow-abort");
        Assert.True(completed.Aborted);
        Assert.Equal(0, Factory.Clock.HeldTimersFired); // it ended by the abort, not by waiting the delay out
        Assert.Equal("/v1/chat/completions", completed.Path);
        var calls = await GetCallsAsync();
        Assert.Equal(1, calls.GetProperty("routes").GetProperty("POST /v1/chat/completions").GetInt64());
        Assert.Equal(0, calls.GetProperty("succeeded").GetProperty("routes").GetProperty("POST /v1/chat/completions").GetInt64());
    }

    public sealed record IntentResult(string Intent, double Confidence, string Action, string Reply);
}

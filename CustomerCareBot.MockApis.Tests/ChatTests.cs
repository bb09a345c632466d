namespace CustomerCareBot.MockApis.Tests;

public sealed class ChatTests(MockApisFactory factory) : MockApisTestBase<MockApisFactory>(factory)
{
    private const string ClassificationSchema = """
        {"type":"object","properties":{"intent":{"type":"string"},"confidence":{"type":"number"},"action":{"type":"string"},"reply":{"type":"string"}},
         "required":["intent","confidence","action","reply"],"additionalProperties":false}
        """;

    private const string OrdersTool = """
        {"type":"function","function":{"name":"lookup_orders","description":"Orders of a customer",
         "parameters":{"type":"object","properties":{"store_number":{"type":"string"},"include_cancelled":{"type":"boolean"},"channel":{"type":"string","enum":["web","phone"]}},"required":["store_number"]}}}
        """;

    [Theory]
    [InlineData("I want a refund for my shoes", "refund_request", 0.98, "route_to_refunds")]
    [InlineData("How do I RETURN this?", "refund_request", 0.98, "route_to_refunds")]
    [InlineData("What's the status of order 42?", "order_status", 0.95, "fetch_status")]
    [InlineData("Where is my order?", "order_status", 0.95, "fetch_status")]
    [InlineData("Do you sell gift cards?", "general_query", 0.6, "respond_with_info")]
    public async Task Json_object_answers_the_classification_of_the_last_user_message(string text, string intent, double confidence, string action)
    {
        var body = $$$"""
            {"model":"gpt-mock","response_format":{"type":"json_object"},"messages":[
              {"role":"system","content":"Classify. I want a refund."},
              {"role":"user","content":"Where is my order?"},
              {"role":"assistant","content":"Sure."},
              {"role":"user","content":{{{JsonSerializer.Serialize(text)}}}}]}
            """;

        var completion = await PostChatAsync(body);

        var content = AssertCompletion(completion, "gpt-mock", "stop");
        var json = JsonDocument.Parse(content).RootElement;
        Assert.Equal(intent, json.GetProperty("intent").GetString());
        Assert.Equal(confidence, json.GetProperty("confidence").GetDouble());
        Assert.Equal(action, json.GetProperty("action").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("reply").GetString()));
    }

    [Fact]
    public async Task Json_schema_answer_parses_and_has_exactly_the_requested_properties()
    {
        var body = $$$"""
            {"model":"gpt-mock","messages":[{"role":"user","content":"I need a refund"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"classification","strict":true,"schema":{{{ClassificationSchema}}} } } }
            """;

        var content = AssertCompletion(await PostChatAsync(body), "gpt-mock", "stop");

        var json = JsonDocument.Parse(content).RootElement;
        Assert.Equal(["intent", "confidence", "action", "reply"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("refund_request", json.GetProperty("intent").GetString());
        Assert.Equal(0.98, json.GetProperty("confidence").GetDouble());
        Assert.Equal("route_to_refunds", json.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Json_schema_with_fewer_or_other_properties_gets_only_those()
    {
        var body = """
            {"model":"m","messages":[{"role":"user","content":"where is my order"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","properties":{
               "intent":{"type":"string"},"sentiment":{"type":"string","enum":["neutral","angry"]},"escalate":{"type":"boolean"}}}}}}
            """;

        var content = AssertCompletion(await PostChatAsync(body), "m", "stop");

        var json = JsonDocument.Parse(content).RootElement;
        Assert.Equal(["intent", "sentiment", "escalate"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("order_status", json.GetProperty("intent").GetString());
        Assert.Equal("neutral", json.GetProperty("sentiment").GetString());
        Assert.False(json.GetProperty("escalate").GetBoolean());
    }

    [Fact]
    public async Task Without_response_format_the_answer_is_plain_text()
    {
        var content = AssertCompletion(await PostChatAsync("""{"model":"m","messages":[{"role":"user","content":"refund please"}]}"""), "m", "stop");

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(content));
        Assert.Contains("refund", content, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Content_parts_arrays_are_read()
    {
        var body = """
            {"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":[{"type":"text","text":"hello"},{"type":"text","text":"I want my money back, a refund"}]}]}
            """;

        var content = AssertCompletion(await PostChatAsync(body), "m", "stop");

        Assert.Equal("refund_request", JsonDocument.Parse(content).RootElement.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Tool_calls_round_trip()
    {
        var first = await PostChatAsync($$$"""
            {"model":"m","tools":[{{{OrdersTool}}}],"tool_choice":"auto",
             "messages":[{"role":"user","content":"Where is my order? My number is +4915112345678"}]}
            """);

        var choice = first.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("function", call.GetProperty("type").GetString());
        var callId = call.GetProperty("id").GetString();
        Assert.StartsWith("call_", callId, StringComparison.Ordinal);
        Assert.Equal("lookup_orders", call.GetProperty("function").GetProperty("name").GetString());
        var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement;
        Assert.Equal("+4915112345678", arguments.GetProperty("store_number").GetString());
        Assert.False(arguments.GetProperty("include_cancelled").GetBoolean());
        Assert.Equal("web", arguments.GetProperty("channel").GetString());

        var second = await PostChatAsync($$$"""
            {"model":"m","tools":[{{{OrdersTool}}}],"response_format":{"type":"json_object"},
             "messages":[
               {"role":"user","content":"Where is my order? My number is +4915112345678"},
               {"role":"assistant","content":null,"tool_calls":[{{{call.GetRawText()}}}]},
               {"role":"tool","tool_call_id":"{{{callId}}}","content":"{\"orders\":[]}"}]}
            """);

        var content = AssertCompletion(second, "m", "stop");
        Assert.Equal("order_status", JsonDocument.Parse(content).RootElement.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Tool_choice_none_answers_without_calling_and_named_choice_picks_that_tool()
    {
        var none = await PostChatAsync($$$"""{"model":"m","tools":[{{{OrdersTool}}}],"tool_choice":"none","messages":[{"role":"user","content":"hi"}]}""");
        AssertCompletion(none, "m", "stop");

        var named = await PostChatAsync($$$"""
            {"model":"m","tools":[{{{OrdersTool}}},{"type":"function","function":{"name":"escalate","parameters":{"type":"object","properties":{} } } }],
             "tool_choice":{"type":"function","function":{"name":"escalate"}},"messages":[{"role":"user","content":"hi"}]}
            """);
        var call = named.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("escalate", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{}", call.GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task Malformed_hook_answers_invalid_json_although_json_was_asked_for()
    {
        var body = $$$"""
            {"model":"m","messages":[{"role":"user","content":"refund [mock:malformed]"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"c","schema":{{{ClassificationSchema}}} } } }
            """;

        var content = AssertCompletion(await PostChatAsync(body), "m", "stop");

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(content));
    }

    [Fact]
    public async Task Unknown_action_hook_answers_launch_rockets()
    {
        var body = """{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"refund [mock:unknown-action]"}]}""";

        var json = JsonDocument.Parse(AssertCompletion(await PostChatAsync(body), "m", "stop")).RootElement;

        Assert.Equal("launch_rockets", json.GetProperty("action").GetString());
        Assert.Equal("refund_request", json.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Slow_hook_waits_the_configured_delay_then_answers()
    {
        var response = await Client.PostAsync("/v1/chat/completions", JsonContent("""{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"where is my order [mock:slow]"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Factory.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(1)); // MockApis:SlowModelDelayMs = 1 in this fixture
        var content = (await ReadJsonAsync(response)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("order_status", JsonDocument.Parse(content).RootElement.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Streaming_answers_server_sent_chunks_ending_with_done()
    {
        var response = await Client.PostAsync("/v1/chat/completions", JsonContent("""
            {"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"refund"}]}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e["data: ".Length..])
            .ToList();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var text = string.Concat(chunks
            .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
        Assert.Contains("refund", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(chunks, c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "stop");
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
    }

    [Theory]
    [InlineData("{}", "messages")]
    [InlineData("""{"model":"m","messages":[]}""", "messages")]
    [InlineData("""{"model":"m","messages":""", "body")]
    public async Task Invalid_requests_are_bad_requests(string body, string field)
    {
        var response = await Client.PostAsync("/v1/chat/completions", JsonContent(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Any_authorization_is_accepted_when_no_model_key_is_configured()
    {
        var response = await Anonymous.PostAsync("/v1/chat/completions", JsonContent("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> PostChatAsync(string body)
    {
        var response = await Client.PostAsync("/v1/chat/completions", JsonContent(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await ReadJsonAsync(response);
    }

    /// <summary>Checks the chat.completion envelope and returns the assistant content.</summary>
    private static string AssertCompletion(JsonElement completion, string model, string finishReason)
    {
        Assert.StartsWith("chatcmpl-", completion.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.True(completion.GetProperty("created").GetInt64() > 1_600_000_000);
        Assert.Equal(model, completion.GetProperty("model").GetString());
        var choice = Assert.Single(completion.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(finishReason, choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.False(message.TryGetProperty("tool_calls", out _));
        var usage = completion.GetProperty("usage");
        Assert.Equal(
            usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
        return message.GetProperty("content").GetString()!;
    }
}

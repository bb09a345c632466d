using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows.Tests;

public sealed class StepTypeTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static readonly int[] Items = [1, 2, 3];

    private static JsonElement Trigger => JsonSerializer.SerializeToElement(new { name = "Ada", items = Items, nested = new { ok = true } });

    private async Task<RunTrace> RunAsync(string middleSteps, string firstNext, string extra = "")
    {
        using var dir = new TempWorkflows(("w.json", TempWorkflows.Workflow(middleSteps, firstNext, extra)));
        var definition = dir.Load().All.Single();
        return await _host.RunAsync(definition, Trigger);
    }

    [Fact]
    public async Task Trigger_and_terminate_produce_status_and_output()
    {
        var trace = await RunAsync("", "end", """ "globals": { "x": 1 }, """);

        Assert.Equal(RunStatus.Completed, trace.Status);
        Assert.Equal("done", trace.FinalStatus);
        Assert.Equal(1, trace.Output!["g"]!["x"]!.GetValue<long>());
        Assert.Equal(["trigger", "terminate"], trace.Steps.Select(s => s.Type));
    }

    [Fact]
    public async Task SetGlobals_keeps_types_for_sole_expressions_and_interpolates_text()
    {
        var trace = await RunAsync("""
            { "id": "s", "name": "S", "type": "setGlobals", "next": "end", "values": {
                "count": "{{ trigger.items.length }}",
                "flag": "{{ trigger.nested.ok }}",
                "obj": "{{ ({ a: trigger.items.map(i => i * 2), b: 'x' }) }}",
                "copy": "{{ trigger.nested }}",
                "text": "Hello {{ trigger.name }}, you have {{ trigger.items.length }} items",
                "later": "{{ globals.count + 1 }}",
                "keys": "{{ Object.keys(globals).join(',') }}",
                "literal": { "k": [1, "two"] } } }
            """, "s");

        var g = trace.Globals;
        Assert.Equal(3, g["count"]!.GetValue<long>());
        Assert.True(g["flag"]!.GetValue<bool>());
        Assert.Equal("[2,4,6]", g["obj"]!["a"]!.ToJsonString());
        Assert.True(g["copy"]!["ok"]!.GetValue<bool>());
        Assert.Equal("Hello Ada, you have 3 items", g["text"]!.GetValue<string>());
        Assert.Equal(4, g["later"]!.GetValue<long>());
        Assert.Equal("count,flag,obj,copy,text,later", g["keys"]!.GetValue<string>()); // whole object when used whole
        Assert.Equal("""{"k":[1,"two"]}""", g["literal"]!.ToJsonString());
    }

    [Fact]
    public async Task Expressions_see_nested_members_as_they_would_the_whole_value()
    {
        // Only the members an expression reads are copied into the engine; these read them in ways where a partial
        // copy would answer differently if it were taken too far (method calls, indexing, whole use beside members).
        var trace = await RunAsync("""
            { "id": "s", "name": "S", "type": "setGlobals", "next": "end", "values": {
                "member": "{{ trigger.nested.ok === true && trigger.nested.missing === undefined }}",
                "own": "{{ trigger.nested.hasOwnProperty('ok') }}",
                "call": "{{ trigger.nested.ok.toString() }}",
                "indexed": "{{ trigger.nested['ok'] }}",
                "spaced": "{{ trigger . nested . ok }}",
                "both": "{{ JSON.stringify(trigger.nested) + trigger.nested.ok }}",
                "array": "{{ trigger.items.length }}" } }
            """, "s");

        Assert.Equal(RunStatus.Completed, trace.Status);
        var g = trace.Globals;
        Assert.True(g["member"]!.GetValue<bool>());
        Assert.True(g["own"]!.GetValue<bool>());
        Assert.Equal("true", g["call"]!.GetValue<string>());
        Assert.True(g["indexed"]!.GetValue<bool>());
        Assert.True(g["spaced"]!.GetValue<bool>());
        Assert.Equal("""{"ok":true}true""", g["both"]!.GetValue<string>());
        Assert.Equal(3, g["array"]!.GetValue<long>());
    }

    [Fact]
    public async Task Route_takes_the_first_true_case_or_the_default()
    {
        var cases = """
            { "id": "r", "name": "R", "type": "route", "cases": [
                { "label": "long", "when": "trigger.items.length > 5", "next": "a" },
                { "when": "trigger.name.startsWith('A')", "next": "b" } ], "default": "end" },
            { "id": "a", "name": "A", "type": "terminate", "finalStatus": "went_a" },
            { "id": "b", "name": "B", "type": "terminate", "finalStatus": "{{ 'went_' + 'b' }}" }
            """;
        var trace = await RunAsync(cases, "r");

        Assert.Equal("went_b", trace.FinalStatus);
        Assert.Equal("trigger.name.startsWith('A')", trace.Steps.Single(s => s.Id == "r").Branch);
    }

    [Fact]
    public async Task HttpRequest_failure_without_continue_fails_with_default_reason()
    {
        _host.Apis.OrdersStatus = System.Net.HttpStatusCode.BadGateway;
        var trace = await RunAsync("""
            { "id": "h", "name": "H", "type": "httpRequest", "service": "orders", "method": "POST", "path": "/orders",
              "body": { "store_number": "{{ trigger.name }}" }, "saveAs": "orders", "next": "end" }
            """, "h");

        Assert.Equal(RunStatus.Failed, trace.Status);
        Assert.Equal("STEP_FAILED", trace.Reason);
        Assert.Contains("502", trace.Steps[^1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpRequest_saves_the_parsed_response()
    {
        var trace = await RunAsync("""
            { "id": "h", "name": "H", "type": "httpRequest", "service": "orders", "method": "POST", "path": "/orders",
              "body": { "store_number": "{{ trigger.name }}" }, "saveAs": "orders", "next": "end" }
            """, "h");

        Assert.Equal("Ada", trace.Globals["orders"]!["store_number"]!.GetValue<string>());
        Assert.Equal("POST orders /orders -> 200", trace.Steps.Single(s => s.Id == "h").Note);
    }

    [Fact]
    public async Task Unknown_service_with_continue_uses_the_fallback()
    {
        var trace = await RunAsync("""
            { "id": "h", "name": "H", "type": "httpRequest", "service": "billing", "method": "GET", "path": "/x",
              "onError": "continue", "fallback": { "ok": false }, "saveAs": "billing", "next": "end" }
            """, "h");

        Assert.Equal(RunStatus.Completed, trace.Status);
        Assert.False(trace.Globals["billing"]!["ok"]!.GetValue<bool>());
        Assert.Contains("Workflows:Services:billing", trace.Steps.Single(s => s.Id == "h").Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAgent_saves_the_decision()
    {
        var trace = await RunAsync("""
            { "id": "g", "name": "G", "type": "runAgent", "agent": "rules", "input": { "message": "refund me {{ trigger.name }}" }, "saveAs": "d", "next": "end" }
            """, "g");

        Assert.Equal("route_to_refunds", trace.Globals["d"]!["action"]!.GetValue<string>());
        Assert.Equal("rules", trace.Globals["d"]!["agent"]!.GetValue<string>());
        Assert.Contains("refund_request", trace.Steps.Single(s => s.Id == "g").Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("while (true) {}", "statement limit")]
    [InlineData("let a = []; for (;;) { a.push('xxxxxxxxxxxxxxxx' + a.length); }", "limit")]
    [InlineData("let s = 'x'; for (;;) { s = s + s; }", "memory limit")]
    [InlineData("function f() { return f(); } f()", "recursion limit")]
    [InlineData("globalThis.leak = 1", "threw")]
    [InlineData("eval('1')", "threw")]
    public async Task Runaway_or_escaping_expressions_fail_their_step(string expression, string expected)
    {
        var step = """{ "id": "bad", "name": "Bad", "type": "setGlobals", "next": "end", "values": { "x": """
            + JsonSerializer.Serialize("{{ " + expression + " }}") + " } }";
        var trace = await RunAsync(step, "bad");

        Assert.Equal(RunStatus.Failed, trace.Status);
        var failed = trace.Steps[^1];
        Assert.Equal("bad", failed.Id);
        Assert.Equal(StepStatus.Failed, failed.Status);
        Assert.Contains(expected, failed.Error, StringComparison.Ordinal);

        // The pool stays healthy for the next run.
        var ok = await RunAsync("""{ "id": "s", "name": "S", "type": "setGlobals", "values": { "x": "{{ [1,2].length }}" }, "next": "end" }""", "s");
        Assert.Equal(2, ok.Globals["x"]!.GetValue<long>());
    }

    [Fact]
    public async Task Expressions_have_no_clr_or_host_access()
    {
        var trace = await RunAsync("""
            { "id": "s", "name": "S", "type": "setGlobals", "next": "end", "values": {
                "types": "{{ [typeof System, typeof importNamespace, typeof require, typeof fetch].join(',') }}" } }
            """, "s");

        Assert.Equal("undefined,undefined,undefined,undefined", trace.Globals["types"]!.GetValue<string>());
    }
}

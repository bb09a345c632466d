
namespace CustomerCareBot.Workflows.Tests;

public sealed class ValidationTests
{
    private static WorkflowDefinitionException Fails(string json)
    {
        using var dir = new TempWorkflows(("bad.json", json));
        return dir.LoadFails();
    }

    private static void AssertError(WorkflowDefinitionException ex, string? step, string? field, string fragment) =>
        Assert.Contains(ex.Errors, e => e.File == "bad.json" && e.StepId == step && e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal));

    [Fact]
    public void Unknown_type()
    {
        var ex = Fails(TempWorkflows.Workflow("""{ "id": "x", "name": "X", "type": "sendFax", "next": "end" }""", "x"));
        AssertError(ex, "x", "type", "unknown step type 'sendFax'");
    }

    [Fact]
    public void Missing_fields()
    {
        var ex = Fails(TempWorkflows.Workflow("""{ "id": "x", "type": "httpRequest", "method": "GET", "next": "end" }""", "x"));
        AssertError(ex, "x", "name", "is required");
        AssertError(ex, "x", "service", "is required");
        AssertError(ex, "x", "path", "is required");
    }

    [Fact]
    public void Missing_top_level_fields()
    {
        var ex = Fails("""{ "steps": [] }""");
        AssertError(ex, null, "id", "is required");
        AssertError(ex, null, "version", "is required");
        AssertError(ex, null, "steps", "non-empty array");
    }

    [Fact]
    public void Duplicate_id()
    {
        var ex = Fails(TempWorkflows.Workflow("""{ "id": "end", "name": "Again", "type": "terminate", "finalStatus": "x" }""", "end"));
        AssertError(ex, "end", "id", "duplicate step id 'end'");
    }

    [Fact]
    public void Next_to_nowhere()
    {
        var ex = Fails(TempWorkflows.Workflow("""{ "id": "orders-api", "name": "O", "type": "setGlobals", "values": { "a": 1 }, "next": "nowhere" }""", "orders-api"));
        AssertError(ex, "orders-api", "next", "'nowhere' is not a step id");
        Assert.Contains("bad.json: step 'orders-api' field 'next': 'nowhere' is not a step id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_case_to_nowhere()
    {
        var ex = Fails(TempWorkflows.Workflow("""{ "id": "r", "name": "R", "type": "route", "cases": [ { "when": "true", "next": "ghost" } ], "default": "end" }""", "r"));
        AssertError(ex, "r", "cases[0].next", "'ghost' is not a step id");
    }

    [Fact]
    public void Unreachable_step()
    {
        var ex = Fails(TempWorkflows.Workflow("""{ "id": "island", "name": "I", "type": "setGlobals", "values": { "a": 1 }, "next": "end" }""", "end"));
        AssertError(ex, "island", null, "unreachable");
    }

    [Fact]
    public void Cycle_that_never_terminates()
    {
        var ex = Fails(TempWorkflows.Workflow(
            """
            { "id": "a", "name": "A", "type": "setGlobals", "values": { "n": 1 }, "next": "b" },
            { "id": "b", "name": "B", "type": "setGlobals", "values": { "n": 2 }, "next": "a" },
            { "id": "r", "name": "R", "type": "route", "cases": [ { "when": "false", "next": "a" } ], "default": "end" }
            """, "r"));
        AssertError(ex, "a", null, "cycle that can never reach a terminate step");
        AssertError(ex, "b", null, "cycle that can never reach a terminate step");
        Assert.DoesNotContain(ex.Errors, e => e.StepId == "r");
    }

    [Fact]
    public void A_cycle_with_an_exit_is_allowed()
    {
        using var dir = new TempWorkflows(("ok.json", TempWorkflows.Workflow(
            """
            { "id": "a", "name": "A", "type": "setGlobals", "values": { "n": "{{ (globals.n || 0) + 1 }}" }, "next": "r" },
            { "id": "r", "name": "R", "type": "route", "cases": [ { "when": "globals.n < 3", "next": "a" } ], "default": "end" }
            """, "a")));
        Assert.Single(dir.Load().All);
    }

    [Fact]
    public void Expression_syntax_errors_in_templates_and_conditions()
    {
        var ex = Fails(TempWorkflows.Workflow(
            """
            { "id": "s", "name": "S", "type": "setGlobals", "values": { "a": "{{ 1 +* 2 }}" }, "next": "r" },
            { "id": "r", "name": "R", "type": "route", "cases": [ { "when": "globals.a ===", "next": "end" } ], "default": "end" }
            """, "s"));
        AssertError(ex, "s", "values.a", "syntax error");
        AssertError(ex, "r", "cases[0].when", "syntax error");
    }

    [Fact]
    public void Secrets_are_not_readable_from_expressions_or_outside_headers()
    {
        var ex = Fails(TempWorkflows.Workflow(
            """
            { "id": "s", "name": "S", "type": "setGlobals", "values": { "a": "{{ secrets.accessToken }}", "b": "{{secret:accessToken}}" }, "next": "end" }
            """, "s"));
        AssertError(ex, "s", "values.a", "cannot read");
        AssertError(ex, "s", "values.b", "only allowed in httpRequest headers");
    }

    [Fact]
    public void Reports_every_error_of_every_file_at_once()
    {
        using var dir = new TempWorkflows(
            ("one.json", TempWorkflows.Workflow("""{ "id": "x", "name": "X", "type": "nope", "next": "end" }""", "x")),
            ("two.json", TempWorkflows.Workflow("""{ "id": "y", "name": "Y", "type": "setGlobals", "values": { "a": 1 }, "next": "zzz" }""", "y")),
            ("three.json", "{ not json"));
        var ex = dir.LoadFails();

        Assert.Contains(ex.Errors, e => e.File == "one.json" && e.StepId == "x");
        Assert.Contains(ex.Errors, e => e.File == "two.json" && e.StepId == "y" && e.Field == "next");
        Assert.Contains(ex.Errors, e => e.File == "three.json" && e.Message.StartsWith("invalid JSON", StringComparison.Ordinal));
        Assert.All(ex.Errors, e => Assert.Contains(e.ToString(), ex.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_workflow_ids_across_files()
    {
        var json = TempWorkflows.Workflow("", "end");
        using var dir = new TempWorkflows(("a.json", json), ("b.json", json));
        var ex = dir.LoadFails();
        Assert.Contains(ex.Errors, e => e.File == "b.json" && e.Field == "id" && e.Message.Contains("already defined in a.json", StringComparison.Ordinal));
    }

    [Fact]
    public void First_step_must_be_a_trigger()
    {
        var ex = Fails("""
            { "id": "w", "version": 1, "name": "W", "steps": [ { "id": "end", "name": "End", "type": "terminate", "finalStatus": "x" } ] }
            """);
        AssertError(ex, "end", "type", "first step must be of type 'trigger'");
    }
}

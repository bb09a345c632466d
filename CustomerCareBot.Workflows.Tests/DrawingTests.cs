
namespace CustomerCareBot.Workflows.Tests;

public sealed class DrawingTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Mermaid_draws_every_step_and_edge()
    {
        var text = MermaidDiagram.Render(_host.CustomerCare);

        Assert.StartsWith("flowchart TD", text, StringComparison.Ordinal);
        Assert.Equal(11, _host.CustomerCare.Steps.Count(s => text.Contains(s.Id, StringComparison.Ordinal)));
        Assert.Contains("-->|\"refund\"|", text, StringComparison.Ordinal);
        Assert.DoesNotContain("classDef", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mermaid_marks_the_taken_path()
    {
        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("refund"));

        var text = MermaidDiagram.Render(_host.CustomerCare, trace.Steps);

        // Steps are s0..s10 in file order; the refund path skips s9 and s10.
        Assert.Contains("class s0,s1,s2,s3,s4,s5,s6,s7,s8 taken", text, StringComparison.Ordinal);
        Assert.Contains("classDef taken", text, StringComparison.Ordinal);
        Assert.Equal(8, text.Split('\n').Count(l => l.TrimStart().StartsWith("linkStyle", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Text_tree_lists_steps_and_marks_the_chosen_branch()
    {
        var trace = await _host.RunAsync(_host.CustomerCare, TestHost.Payload("hello"));

        var text = TextTree.Render(_host.CustomerCare, trace.Steps);

        Assert.Contains("[ok] conditional-routing (route)", text, StringComparison.Ordinal);
        Assert.Contains("* default -> terminate-auto-response", text, StringComparison.Ordinal);
        Assert.Contains("  refund -> terminate-refunds", text, StringComparison.Ordinal);
        Assert.Contains("└── [ok] terminate-auto-response", text, StringComparison.Ordinal);
    }
}

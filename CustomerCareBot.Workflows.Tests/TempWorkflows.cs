
namespace CustomerCareBot.Workflows.Tests;

/// <summary>A throwaway definitions folder.</summary>
internal sealed class TempWorkflows : IDisposable
{
    public TempWorkflows(params (string File, string Json)[] files)
    {
        Directory = Path.Combine(Path.GetTempPath(), "ccb-workflows-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var (file, json) in files) File.WriteAllText(Path.Combine(Directory, file), json);
    }

    public string Directory { get; }

    public WorkflowCatalog Load() => WorkflowCatalog.LoadFromDirectory(Directory);

    public WorkflowDefinitionException LoadFails() => Assert.Throws<WorkflowDefinitionException>(Load);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>A minimal valid workflow around <paramref name="middleSteps"/> (JSON objects, comma separated) ending at "end".</summary>
    public static string Workflow(string middleSteps, string firstNext, string extra = "") => $$$"""
        {
          "id": "w", "version": 1, "name": "W", {{{extra}}}
          "steps": [
            { "id": "start", "name": "Start", "type": "trigger", "next": "{{{firstNext}}}" },
            {{{middleSteps}}}{{{(middleSteps.Length > 0 ? "," : "")}}}
            { "id": "end", "name": "End", "type": "terminate", "finalStatus": "done", "output": { "g": "{{ globals }}" } }
          ]
        }
        """;
}


namespace CustomerCareBot.Workflows;

/// <summary>Engine settings, bound from the <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflows";

    /// <summary>Folder of <c>*.json</c> definitions; defaults to <c>workflows/</c> next to the host binaries.</summary>
    public string DefinitionsPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "workflows");

    /// <summary>Logical service name (e.g. <c>orders</c>) to base URL (e.g. <c>http://mockapis</c>).</summary>
    public Dictionary<string, string> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Secret name to value; reachable only through <c>{{secret:name}}</c> in httpRequest headers.</summary>
    public Dictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Agent profiles by name; <c>rules</c> and <c>default</c> exist (kind <c>rules</c>) unless configured.</summary>
    public Dictionary<string, AgentProfileOptions> Agents { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ExpressionLimits ExpressionLimits { get; set; } = new();

    /// <summary>Timeout of an I/O step (httpRequest, runAgent) without its own <c>timeoutSeconds</c>.</summary>
    public TimeSpan DefaultStepTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Budget of a whole run; past it the run fails with reason <c>RUN_TIMEOUT</c>.</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

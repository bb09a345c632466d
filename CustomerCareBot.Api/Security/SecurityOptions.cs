namespace CustomerCareBot.Api.Security;

/// <summary>How a webhook proves where it comes from.</summary>
public enum WebhookAuthMode
{
    /// <summary>Anyone may post (the Development default).</summary>
    None,

    /// <summary><c>X-CCB-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{raw body}"&gt;</c> (the default elsewhere).</summary>
    Hmac,

    /// <summary><c>X-Api-Key: &lt;one of Webhooks:Auth:ApiKeys&gt;</c>.</summary>
    ApiKey,
}

/// <summary>
/// Section <c>Webhooks:Auth</c>. <see cref="Mode"/> defaults to <see cref="WebhookAuthMode.None"/> in Development and
/// <see cref="WebhookAuthMode.Hmac"/> elsewhere; <c>Workflows:{id}:Mode</c> overrides it for one workflow.
/// Read once at start: rotating a secret or key means restarting the Api with the new list.
/// </summary>
public sealed class WebhookAuthOptions
{
    public const string SectionName = "Webhooks:Auth";

    public WebhookAuthMode Mode { get; set; } = WebhookAuthMode.Hmac;

    /// <summary>Active signing secrets: a signature made with any of them is accepted (rotation: add the new, then drop the old).</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>Accepted <c>X-Api-Key</c> values.</summary>
    public List<string> ApiKeys { get; } = [];

    /// <summary>Per-workflow overrides, by workflow id.</summary>
    public Dictionary<string, WorkflowAuthOptions> Workflows { get; } = new(StringComparer.Ordinal);

    /// <summary>How far a signature's timestamp may be from now, either way; also how long a used signature is remembered.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    public WebhookAuthMode ModeFor(string workflowId) =>
        Workflows.TryGetValue(workflowId, out var workflow) && workflow.Mode is { } mode ? mode : Mode;
}

public sealed class WorkflowAuthOptions
{
    public WebhookAuthMode? Mode { get; set; }
}

/// <summary>
/// Section <c>Operator</c>: the read and control endpoints (<c>/runs</c>, <c>/workflows</c>) require
/// <c>X-Operator-Key</c> when <see cref="RequireKey"/> is true (the default outside Development).
/// </summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    public bool RequireKey { get; set; } = true;

    public List<string> Keys { get; } = [];
}

/// <summary>
/// Section <c>RateLimiting</c>: a token bucket per client (its API key, its operator key, else its remote IP),
/// <see cref="Burst"/> requests at once and <see cref="PermitsPerSecond"/> more every second. On by default outside Development.
/// </summary>
public sealed class ClientRateLimitOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 100;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;
}

/// <summary>
/// Section <c>RequestLimits</c>: header limits applied to Kestrel. A request over either is refused by Kestrel itself
/// with 431 Request Header Fields Too Large before any endpoint runs.
/// </summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "RequestLimits";

    [System.ComponentModel.DataAnnotations.Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    [System.ComponentModel.DataAnnotations.Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 64;
}

using System.ComponentModel.DataAnnotations;

namespace CustomerCareBot.Api.Webhooks;

public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    [Range(2, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    [Range(8, 1024)]
    public int MaxIdempotencyKeyLength { get; set; } = 200;

    /// <summary>Seconds a client is asked to wait when the backlog is full or Redis is unreachable.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}

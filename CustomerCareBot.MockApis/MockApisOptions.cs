using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis;

/// <summary>Settings of the mock APIs, bound from the <c>MockApis</c> configuration section.</summary>
public sealed class MockApisOptions
{
    public const string SectionName = "MockApis";

    /// <summary>Largest delay (ms) any setting or header may ask for: 10 minutes.</summary>
    public const int MaxDelayMs = 600_000;

    /// <summary>Token the registration and orders APIs expect in <c>Authorization</c> (raw or <c>Bearer &lt;token&gt;</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string AccessToken { get; set; } = string.Empty;

    /// <summary>When set, the chat completions API requires <c>Authorization: Bearer &lt;ModelApiKey&gt;</c>; when empty any caller is accepted.</summary>
    public string? ModelApiKey { get; set; }

    /// <summary>Fixed delay added to every mocked request.</summary>
    [Range(0, MaxDelayMs)]
    public int LatencyMs { get; set; }

    /// <summary>Random extra delay in [0, JitterMs] added to every mocked request.</summary>
    [Range(0, MaxDelayMs)]
    public int JitterMs { get; set; }

    /// <summary>
    /// Set the latency timer early by how late it has been firing, so mocked calls take <see cref="LatencyMs"/> on
    /// average rather than that plus the timer's lateness (see <c>LatencyTimer</c>).
    /// </summary>
    public bool CalibrateLatency { get; set; } = true;

    /// <summary>Share of mocked requests (0..1) that fail with 503.</summary>
    [Range(0d, 1d)]
    public double FailureRate { get; set; }

    /// <summary>How long the mock model waits when the last user message contains <c>[mock:slow]</c>.</summary>
    [Range(0, MaxDelayMs)]
    public int SlowModelDelayMs { get; set; } = 5000;

    /// <summary>Cap on distinct phone numbers whose calls are counted individually (route totals are always counted).</summary>
    [Range(0, 10_000_000)]
    public int MaxTrackedPhones { get; set; } = 100_000;
}

/// <summary>Compile-time generated validator for <see cref="MockApisOptions"/> (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class MockApisOptionsValidator : IValidateOptions<MockApisOptions>;

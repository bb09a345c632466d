using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis.Faults;

/// <summary>An immutable view of the fault settings in force.</summary>
public sealed record FaultSettings(int LatencyMs, int JitterMs, double FailureRate, bool Down);

/// <summary>
/// The live fault settings: seeded from <see cref="MockApisOptions"/>, changed at run time by the control endpoints.
/// Readers take one volatile snapshot per request; writers swap snapshots atomically.
/// </summary>
internal sealed class FaultState
{
    private readonly IOptionsMonitor<MockApisOptions> _options;
    private volatile FaultSettings _current;

    public FaultState(IOptionsMonitor<MockApisOptions> options)
    {
        _options = options;
        _current = FromOptions(options.CurrentValue);
    }

    public FaultSettings Current => _current;

    public FaultSettings Update(Func<FaultSettings, FaultSettings> change)
    {
        while (true)
        {
            var before = _current;
            var after = change(before);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, after, before), before))
            {
                return after;
            }
        }
    }

    /// <summary>Back to the configured latency, jitter and failure rate, and up.</summary>
    public FaultSettings Reset()
    {
        var defaults = FromOptions(_options.CurrentValue);
        _current = defaults;
        return defaults;
    }

    private static FaultSettings FromOptions(MockApisOptions o) => new(o.LatencyMs, o.JitterMs, o.FailureRate, Down: false);
}

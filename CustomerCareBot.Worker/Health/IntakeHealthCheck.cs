using CustomerCareBot.Worker.Execution;
using CustomerCareBot.Worker.Intake;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Worker.Health;

/// <summary>
/// Unhealthy when the reader loop has stopped turning although the channel has room: such a worker holds
/// its place in the group but takes no work.
/// </summary>
public sealed class IntakeHealthCheck(IntakeHeartbeat heartbeat, RunChannel channel, IntakeSwitch intakeSwitch, IOptions<WorkerOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = heartbeat.SinceLastBeat;
        var data = new Dictionary<string, object>
        {
            ["sinceLastTurnSeconds"] = Math.Round(since.TotalSeconds, 1),
            ["held"] = channel.Held,
            ["queued"] = channel.Queued,
            ["paused"] = intakeSwitch.Paused,
        };

        return Task.FromResult(since > options.Value.StuckAfter && channel.Room > 0
            ? HealthCheckResult.Unhealthy($"The stream reader has not turned for {since.TotalSeconds:F0} s.", data: data)
            : HealthCheckResult.Healthy(intakeSwitch.Paused ? "Intake paused." : "Reading.", data));
    }
}

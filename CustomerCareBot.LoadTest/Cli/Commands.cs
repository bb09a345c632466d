using CustomerCareBot.LoadTest.Core;
using CustomerCareBot.LoadTest.Scenarios;
using Spectre.Console.Cli;

namespace CustomerCareBot.LoadTest.Cli;

internal static class Poll
{
    public static PollOptions From(CommonSettings s) => new()
    {
        Concurrency = s.PollConcurrency,
        Pause = TimeSpan.FromMilliseconds(s.PollIntervalMs),
    };
}

public sealed class ReportCommand : AsyncCommand<ReportSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken) =>
        ScenarioHost.RunAsync(settings, (api, stats, observer, timeout, ct) => ReportScenario.RunAsync(api, new ReportOptions
        {
            Concurrencies = settings.Concurrencies,
            RunsPerSender = settings.RunsPerSender,
            WorkflowId = settings.Workflow,
            CompletionTimeout = timeout,
            Poll = Poll.From(settings),
            Stats = stats,
            Observer = observer,
        }, ct), cancellationToken);
}

public sealed class RampCommand : AsyncCommand<RampSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, RampSettings settings, CancellationToken cancellationToken) =>
        ScenarioHost.RunAsync(settings, (api, stats, observer, timeout, ct) => RampScenario.RunAsync(api, new RampOptions
        {
            Start = settings.Start,
            Max = settings.Max,
            Factor = settings.Factor,
            StepDuration = Durations.Parse(settings.StepDuration, "--step-duration"),
            MaxRuns = settings.MaxRuns,
            WorkflowId = settings.Workflow,
            CompletionTimeout = timeout,
            Poll = Poll.From(settings),
            Stats = stats,
            Observer = observer,
        }, ct), cancellationToken);
}

public sealed class SustainedCommand : AsyncCommand<SustainedSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, SustainedSettings settings, CancellationToken cancellationToken) =>
        ScenarioHost.RunAsync(settings, (api, stats, observer, timeout, ct) => SustainedScenario.RunAsync(api, new SustainedOptions
        {
            Rate = settings.Rate,
            Duration = Durations.Parse(settings.Duration, "--duration"),
            MaxInFlight = settings.MaxInFlight,
            WorkflowId = settings.Workflow,
            CompletionTimeout = timeout,
            Poll = Poll.From(settings),
            Stats = stats,
            Observer = observer,
        }, ct), cancellationToken);
}

public sealed class DrainCommand : AsyncCommand<DrainSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, DrainSettings settings, CancellationToken cancellationToken) =>
        ScenarioHost.RunAsync(settings, (api, stats, observer, timeout, ct) => DrainScenario.RunAsync(api, new DrainOptions
        {
            Runs = settings.Runs,
            Concurrency = settings.Concurrency,
            WorkflowId = settings.Workflow,
            CompletionTimeout = timeout,
            Poll = Poll.From(settings),
            Stats = stats,
            Observer = observer,
        }, ct), cancellationToken);
}

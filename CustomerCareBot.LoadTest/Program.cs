using System.Runtime.InteropServices;
using CustomerCareBot.LoadTest.Cli;
using Spectre.Console.Cli;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop the scenario and tear the stack down cleanly; a second one ends the process.
    if (!cts.IsCancellationRequested)
    {
        e.Cancel = true;
        cts.Cancel();
    }
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cts.Cancel();
});

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("CustomerCareBot.LoadTest");
    config.AddCommand<ReportCommand>("report")
        .WithDescription("The original report's tests: single run, 10, 25, 50 concurrent; each waits for every run to finish.");
    config.AddCommand<RampCommand>("ramp")
        .WithDescription("Closed-loop concurrency steps up to --max (thousands).")
        .WithExample("ramp", "--max", "2000", "--step-duration", "5s");
    config.AddCommand<SustainedCommand>("sustained")
        .WithDescription("Open-loop constant arrival rate, latency from the intended send time (no coordinated omission).")
        .WithExample("sustained", "--rate", "2000", "--duration", "10s");
    config.AddCommand<DrainCommand>("drain")
        .WithDescription("Enqueue N runs with bounded concurrency, then measure the completion rate until all are terminal.")
        .WithExample("drain", "--runs", "20000");
});
return await app.RunAsync(args, cts.Token);

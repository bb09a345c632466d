using CustomerCareBot.Worker.Execution;

namespace CustomerCareBot.Worker.Intake;

/// <summary>Pause and resume intake (the dashboard's commands), and what the reader holds.</summary>
internal static class IntakeControlEndpoints
{
    public static IEndpointRouteBuilder MapIntakeControl(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/intake");
        group.MapGet("/", (IntakeSwitch intake, RunChannel channel, ConsumerIdentity consumer) =>
            TypedResults.Ok(new IntakeState(consumer.Name, intake.Paused, channel.Held, channel.Queued)));
        group.MapPost("/pause", async (IntakeSwitch intake, WakeUpSignal wakeUp, RunChannel channel, ConsumerIdentity consumer) =>
        {
            // Answer once the reader has stopped, so a caller knows nothing more is read after this.
            var parked = intake.PauseAsync();
            wakeUp.Set();
            var stopped = await Task.WhenAny(parked, Task.Delay(TimeSpan.FromSeconds(10))) == parked;
            var state = new IntakeState(consumer.Name, true, channel.Held, channel.Queued);
            return stopped ? Results.Ok(state) : Results.Accepted("/intake", state);
        });
        group.MapPost("/resume", (IntakeSwitch intake, WakeUpSignal wakeUp, RunChannel channel, ConsumerIdentity consumer) =>
        {
            intake.Resume();
            wakeUp.Set();
            return TypedResults.Ok(new IntakeState(consumer.Name, false, channel.Held, channel.Queued));
        });
        return app;
    }
}

public sealed record IntakeState(string Consumer, bool Paused, int Held, int Queued);

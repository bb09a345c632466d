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
        group.MapPost("/pause", (IntakeSwitch intake, RunChannel channel, ConsumerIdentity consumer) =>
        {
            intake.Pause();
            return TypedResults.Ok(new IntakeState(consumer.Name, true, channel.Held, channel.Queued));
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

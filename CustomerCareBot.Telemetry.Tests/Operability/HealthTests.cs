extern alias worker;

using System.Reflection;
using CustomerCareBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>The Worker's /health turns 503 when its stream reader stops turning, and recovers when it turns again.</summary>
[Collection(OperabilityCollection.Name)]
public sealed class HealthTests(OperabilityFixture stack)
{
    [Fact]
    public async Task Worker_is_unhealthy_while_its_reader_loop_is_stuck()
    {
        var gate = new StreamReadGate();
        var settings = stack.ServiceSettings(database: 2);
        settings["Worker:ConsumerName"] = "operability-health";
        settings["Worker:StuckAfter"] = "00:00:01";
        settings["Worker:FallbackReadInterval"] = "00:00:00.100";
        settings["Worker:ShutdownTimeout"] = "00:00:01";
        await using var host = new InProcessHost<worker::Program>(settings, services => gate.Wrap(services));
        using var client = host.CreateClient();

        // Idle, the loop turns every 100 ms: healthy.
        await WaitForHealthAsync(client, HttpStatusCode.OK, "Healthy");

        // The read the loop awaits never completes: after StuckAfter the Worker is unhealthy, but still alive.
        gate.Hold();
        await WaitForHealthAsync(client, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);

        // The read completes: the loop turns again and the Worker is healthy again.
        gate.Release();
        await WaitForHealthAsync(client, HttpStatusCode.OK, "Healthy");
    }

    private static async Task WaitForHealthAsync(HttpClient client, HttpStatusCode status, string body) =>
        await Poll.UntilAsync(async () =>
            {
                using var response = await client.GetAsync("/health");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            r => r.StatusCode == status && r.Body == body, TimeSpan.FromSeconds(15), $"/health to answer {(int)status} {body}");
}

/// <summary>
/// Wraps the Worker's Redis connection so that, while held, XREADGROUP (the read the intake loop awaits) does not
/// complete. Everything else goes to the real Redis. The production code knows nothing of it.
/// </summary>
public sealed class StreamReadGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<StreamEntry[]>? _held;

    public void Hold()
    {
        lock (_lock)
        {
            _held ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _held?.TrySetResult([]);
            _held = null;
        }
    }

    internal Task<StreamEntry[]>? Held
    {
        get
        {
            lock (_lock)
            {
                return _held?.Task;
            }
        }
    }

    /// <summary>Replaces the registered <see cref="IConnectionMultiplexer"/> with a wrapper around it.</summary>
    public void Wrap(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IConnectionMultiplexer) && !d.IsKeyedService);
        services.Remove(original);
        services.AddSingleton(sp =>
        {
            var inner = original.ImplementationInstance as IConnectionMultiplexer
                        ?? (IConnectionMultiplexer)original.ImplementationFactory!(sp);
            return Forwarder.Create(inner, (method, args) =>
                method.Name == nameof(IConnectionMultiplexer.GetDatabase)
                    ? (true, Forwarder.Create((IDatabase)method.Invoke(inner, args)!, HoldReads))
                    : (false, null));
        });
    }

    private (bool, object?) HoldReads(MethodInfo method, object?[]? args) =>
        method.Name == nameof(IDatabase.StreamReadGroupAsync) && Held is { } held ? (true, held) : (false, null);
}

/// <summary>A <see cref="DispatchProxy"/> that forwards every call to an inner instance unless an override answers it.</summary>
public static class Forwarder
{
    public static T Create<T>(T inner, Func<MethodInfo, object?[]?, (bool Handled, object? Result)> @override) where T : class
    {
        var proxy = DispatchProxy.Create<T, ForwardingProxy<T>>();
        var forwarder = (ForwardingProxy<T>)(object)proxy;
        forwarder.Inner = inner;
        forwarder.Override = @override;
        return proxy;
    }
}

public class ForwardingProxy<T> : DispatchProxy where T : class
{
    internal T Inner { get; set; } = null!;

    internal Func<MethodInfo, object?[]?, (bool Handled, object? Result)> Override { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var (handled, result) = Override(targetMethod, args);
        if (handled)
        {
            return result;
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}

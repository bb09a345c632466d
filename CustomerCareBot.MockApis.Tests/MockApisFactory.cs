using System.Collections.Concurrent;
using System.Threading.Channels;
using CustomerCareBot.MockApis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.MockApis.Tests;

/// <summary>
/// Hosts the mock APIs in memory with a known access token and a clock that records (and can hold) the delays
/// the service asks for, so that latency and abort behaviour are observed without sleeping.
/// </summary>
public class MockApisFactory : WebApplicationFactory<Program>
{
    public const string AccessToken = "test-access-token";

    public RecordingTimeProvider Clock { get; } = new();

    public RequestLog Requests { get; } = new();

    /// <summary>Extra configuration (MockApis:* keys without the prefix) for derived fixtures.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("MockApis:AccessToken", AccessToken);
        builder.UseSetting("MockApis:SlowModelDelayMs", "1");
        // These tests observe the exact delays asked of the clock; LatencyTimerTests cover the calibration.
        builder.UseSetting("MockApis:CalibrateLatency", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting("MockApis:" + key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(Requests);
            services.AddSingleton<IStartupFilter, RequestLogStartupFilter>();
        });
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", AccessToken);
        return client;
    }
}

/// <summary>A fixture whose model key is required and whose slow hook takes "forever" (until aborted).</summary>
public sealed class SecuredMockApisFactory : MockApisFactory
{
    public const string ModelApiKey = "sk-mock-test";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ModelApiKey"] = ModelApiKey,
        ["SlowModelDelayMs"] = RecordingTimeProvider.HeldDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Passes timers through to the system clock and records every due time asked for. Timers of exactly
/// <see cref="HeldDelay"/> (10 minutes) are held for <see cref="HoldFor"/> instead: longer than any wait of a test
/// (so a request waiting on one ends within a test only by being aborted), short enough not to hang the run when
/// a regression ignores the abort.
/// </summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    public const int HeldDelayMs = MockApisOptions.MaxDelayMs;
    public static readonly TimeSpan HeldDelay = TimeSpan.FromMilliseconds(HeldDelayMs);
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(60);

    private readonly Channel<TimeSpan> _dueTimes = Channel.CreateUnbounded<TimeSpan>();
    private int _heldTimersFired;

    /// <summary>How many held timers ran out: a request that ended before any did ended because it was aborted.</summary>
    public int HeldTimersFired => Volatile.Read(ref _heldTimersFired);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _dueTimes.Writer.TryWrite(dueTime);
        if (dueTime != HeldDelay)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        return System.CreateTimer(
            s =>
            {
                Interlocked.Increment(ref _heldTimersFired);
                callback(s);
            },
            state,
            HoldFor,
            period);
    }

    /// <summary>Waits until a timer with this due time has been created.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // hang guard, not a timing assertion
        while (await _dueTimes.Reader.ReadAsync(guard.Token) != dueTime)
        {
        }
    }
}

/// <summary>
/// Records every request the server finished that carries an <see cref="IdHeader"/>, so that a test can see that its
/// aborted request really ended on the server.
/// </summary>
public sealed class RequestLog
{
    public const string IdHeader = "X-Test-Request-Id";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<CompletedRequest>> _byId = new(StringComparer.Ordinal);

    internal void Record(string id, CompletedRequest request) => Completion(id).TrySetResult(request);

    public async Task<CompletedRequest> WaitForAsync(string id) =>
        await Completion(id).Task.WaitAsync(TimeSpan.FromSeconds(30)); // hang guard, not a timing assertion

    private TaskCompletionSource<CompletedRequest> Completion(string id) =>
        _byId.GetOrAdd(id, static _ => new TaskCompletionSource<CompletedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed record CompletedRequest(string Path, bool Aborted, bool Faulted);

internal sealed class RequestLogStartupFilter(RequestLog log) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var faulted = false;
            try
            {
                await nextMiddleware(context);
            }
            catch
            {
                faulted = true;
                throw;
            }
            finally
            {
                if (context.Request.Headers[RequestLog.IdHeader].ToString() is { Length: > 0 } id)
                {
                    log.Record(id, new CompletedRequest(context.Request.Path.Value ?? string.Empty, context.RequestAborted.IsCancellationRequested, faulted));
                }
            }
        });
        next(app);
    };
}

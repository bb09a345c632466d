using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis.Faults;

/// <summary>The mocked routes whose calls are counted.</summary>
public enum MockRoute
{
    Registration = 0,
    Orders = 1,
    Chat = 2,
}

/// <summary>
/// Thread-safe, allocation-light call counters: every request that reached a mocked route (faulted or not) and,
/// separately, the ones that succeeded, per route and per phone number.
/// </summary>
internal sealed class CallCounter(IOptions<MockApisOptions> options)
{
    private const int RouteCount = 3;

    private readonly long[] _reached = new long[RouteCount];
    private readonly long[] _succeeded = new long[RouteCount];
    private readonly ConcurrentDictionary<string, PhoneCalls> _phones = new(StringComparer.Ordinal);
    private readonly int _maxTrackedPhones = options.Value.MaxTrackedPhones;
    private int _trackedPhones;
    private volatile bool _phonesTruncated;

    /// <summary>Counts a request that reached <paramref name="route"/>; call <see cref="CallTally.Succeeded"/> when it answers 200.</summary>
    public CallTally Reached(MockRoute route, string? phone)
    {
        Interlocked.Increment(ref _reached[(int)route]);
        var calls = string.IsNullOrEmpty(phone) ? null : GetPhone(phone);
        if (calls is not null)
        {
            Interlocked.Increment(ref calls.Reached[(int)route]);
        }

        return new CallTally(this, route, calls);
    }

    internal void Succeeded(MockRoute route, PhoneCalls? calls)
    {
        Interlocked.Increment(ref _succeeded[(int)route]);
        if (calls is not null)
        {
            Interlocked.Increment(ref calls.Succeeded[(int)route]);
        }
    }

    public void Reset()
    {
        for (var i = 0; i < RouteCount; i++)
        {
            Interlocked.Exchange(ref _reached[i], 0);
            Interlocked.Exchange(ref _succeeded[i], 0);
        }

        _phones.Clear();
        Interlocked.Exchange(ref _trackedPhones, 0);
        _phonesTruncated = false;
    }

    public CallCountsResponse Snapshot()
    {
        var phones = new Dictionary<string, PhoneCallCounts>(StringComparer.Ordinal);
        var succeededPhones = new Dictionary<string, PhoneCallCounts>(StringComparer.Ordinal);
        foreach (var (phone, calls) in _phones)
        {
            phones[phone] = new PhoneCallCounts(
                Interlocked.Read(ref calls.Reached[(int)MockRoute.Registration]),
                Interlocked.Read(ref calls.Reached[(int)MockRoute.Orders]));
            succeededPhones[phone] = new PhoneCallCounts(
                Interlocked.Read(ref calls.Succeeded[(int)MockRoute.Registration]),
                Interlocked.Read(ref calls.Succeeded[(int)MockRoute.Orders]));
        }

        var routes = ReadRoutes(_reached);
        var succeededRoutes = ReadRoutes(_succeeded);
        return new CallCountsResponse(
            routes.Registration + routes.Orders + routes.Chat,
            routes,
            phones,
            new CallCountsSection(succeededRoutes.Registration + succeededRoutes.Orders + succeededRoutes.Chat, succeededRoutes, succeededPhones),
            _phonesTruncated);
    }

    private static RouteCallCounts ReadRoutes(long[] counts) => new(
        Interlocked.Read(ref counts[(int)MockRoute.Registration]),
        Interlocked.Read(ref counts[(int)MockRoute.Orders]),
        Interlocked.Read(ref counts[(int)MockRoute.Chat]));

    private PhoneCalls? GetPhone(string phone)
    {
        if (_phones.TryGetValue(phone, out var calls))
        {
            return calls;
        }

        if (Volatile.Read(ref _trackedPhones) >= _maxTrackedPhones)
        {
            _phonesTruncated = true;
            return null;
        }

        var created = new PhoneCalls();
        if (_phones.TryAdd(phone, created))
        {
            Interlocked.Increment(ref _trackedPhones);
            return created;
        }

        return _phones.TryGetValue(phone, out calls) ? calls : null;
    }

    internal sealed class PhoneCalls
    {
        public readonly long[] Reached = new long[RouteCount];
        public readonly long[] Succeeded = new long[RouteCount];
    }
}

/// <summary>The counters of one request, so that success is recorded without a second look-up.</summary>
internal readonly struct CallTally
{
    private readonly CallCounter _counter;
    private readonly MockRoute _route;
    private readonly CallCounter.PhoneCalls? _phone;

    internal CallTally(CallCounter counter, MockRoute route, CallCounter.PhoneCalls? phone)
    {
        _counter = counter;
        _route = route;
        _phone = phone;
    }

    public void Succeeded() => _counter.Succeeded(_route, _phone);
}

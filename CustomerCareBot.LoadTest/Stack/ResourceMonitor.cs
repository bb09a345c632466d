using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;
using CustomerCareBot.LoadTest.Scenarios;

namespace CustomerCareBot.LoadTest.Stack;

/// <summary>
/// Samples the stack's processes (found through /proc by their command lines) every interval: CPU as the
/// utime+stime delta over the phase (% of one core) and peak VmRSS. Also measures this tool itself.
/// </summary>
public sealed class ResourceMonitor : IPhaseObserver, IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, Tracked> processes = [];
    private readonly CancellationTokenSource stop = new();
    private readonly TimeSpan interval;
    private readonly Task loop;
    private Phase overall;
    private Phase? current;
    private long lastDiscovery;

    private readonly Func<IReadOnlyCollection<int>>? scope;

    /// <param name="interval">Sampling interval (default 500 ms).</param>
    /// <param name="scope">When set, only these pids (e.g. the tree of the AppHost this tool started) are measured.</param>
    public ResourceMonitor(TimeSpan? interval = null, Func<IReadOnlyCollection<int>>? scope = null)
    {
        this.scope = scope;
        this.interval = interval ?? TimeSpan.FromMilliseconds(500);
        overall = new Phase("overall", Stopwatch.GetTimestamp());
        Discover();
        overall = StartPhase("overall");
        loop = ProcFs.Available ? Task.Run(() => LoopAsync(stop.Token)) : Task.CompletedTask;
    }

    public IReadOnlyList<string> Found
    {
        get
        {
            lock (gate)
            {
                return [.. processes.Values.Select(p => $"{p.Name} (pid {p.Pid})")];
            }
        }
    }

    public void PhaseStarted(string name)
    {
        Sample();
        lock (gate)
        {
            current = StartPhase(name);
        }
    }

    public IReadOnlyList<ProcessUsage> PhaseEnded(string name)
    {
        Sample();
        lock (gate)
        {
            var phase = current;
            current = null;
            return phase is null ? [] : Usage(phase);
        }
    }

    /// <summary>Usage from the monitor's start (or the last <see cref="Restart"/>) to now.</summary>
    public IReadOnlyList<ProcessUsage> Overall()
    {
        Sample();
        lock (gate)
        {
            return Usage(overall);
        }
    }

    public void Restart()
    {
        Sample();
        lock (gate)
        {
            overall = StartPhase("overall");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(lastDiscovery) > TimeSpan.FromSeconds(3))
            {
                Discover();
            }

            Sample();
        }
    }

    private void Discover()
    {
        lastDiscovery = Stopwatch.GetTimestamp();
        if (!ProcFs.Available)
        {
            return;
        }

        var self = Environment.ProcessId;
        var found = new List<(int Pid, string Name)>();
        var allowed = scope?.Invoke();
        foreach (var pid in ProcFs.Pids())
        {
            if (allowed is not null && pid != self && !allowed.Contains(pid))
            {
                continue;
            }

            if (pid == self)
            {
                found.Add((pid, "LoadTest (this tool)"));
                continue;
            }

            if (ProcFs.CommandLine(pid) is { } args && ProcFs.Classify(args) is { } name)
            {
                found.Add((pid, name));
            }
        }

        lock (gate)
        {
            foreach (var (pid, name) in found)
            {
                if (!processes.ContainsKey(pid) && ProcFs.Stat(pid) is { } stat)
                {
                    var same = processes.Values.Count(p => p.BaseName == name);
                    var label = same == 0 ? name : $"{name} #{same + 1}";
                    var tracked = new Tracked(pid, name, label);
                    processes[pid] = tracked;
                    // A process found mid-phase counts from now on.
                    overall.Start.TryAdd(pid, stat.CpuTicks);
                    current?.Start.TryAdd(pid, stat.CpuTicks);
                }
            }
        }
    }

    private void Sample()
    {
        List<Tracked> snapshot;
        lock (gate)
        {
            snapshot = [.. processes.Values];
        }

        foreach (var p in snapshot)
        {
            var stat = ProcFs.Stat(p.Pid);
            var rss = ProcFs.RssKb(p.Pid);
            lock (gate)
            {
                if (stat is { } s)
                {
                    p.LastTicks = s.CpuTicks;
                    p.Samples++;
                }
                else
                {
                    p.Gone = true;
                }

                if (rss is { } kb)
                {
                    overall.PeakRssKb[p.Pid] = Math.Max(overall.PeakRssKb.GetValueOrDefault(p.Pid), kb);
                    if (current is not null)
                    {
                        current.PeakRssKb[p.Pid] = Math.Max(current.PeakRssKb.GetValueOrDefault(p.Pid), kb);
                    }
                }
            }
        }
    }

    private Phase StartPhase(string name)
    {
        var phase = new Phase(name, Stopwatch.GetTimestamp());
        foreach (var p in processes.Values)
        {
            phase.Start[p.Pid] = p.LastTicks >= 0 ? p.LastTicks : ProcFs.Stat(p.Pid)?.CpuTicks ?? 0;
        }

        return phase;
    }

    private List<ProcessUsage> Usage(Phase phase)
    {
        var seconds = Math.Max(1e-3, Stopwatch.GetElapsedTime(phase.StartTimestamp).TotalSeconds);
        var list = new List<ProcessUsage>();
        foreach (var p in processes.Values.OrderBy(p => Order(p.BaseName)).ThenBy(p => p.Label, StringComparer.Ordinal))
        {
            if (!phase.Start.TryGetValue(p.Pid, out var start) || p.LastTicks < 0)
            {
                continue;
            }

            var cpuSeconds = Math.Max(0, p.LastTicks - start) / ProcFs.ClockTicksPerSecond;
            list.Add(new ProcessUsage(
                p.Label,
                p.Pid,
                Math.Round(cpuSeconds / seconds * 100.0, 1),
                Math.Round(phase.PeakRssKb.GetValueOrDefault(p.Pid) / 1024.0, 1),
                Math.Round(cpuSeconds, 2),
                p.Samples));
        }

        return list;
    }

    private static int Order(string name) => name switch
    {
        "Api" => 0,
        "Worker" => 1,
        "MockApis" => 2,
        "redis-server" => 3,
        "AppHost" => 4,
        "AppHost (dotnet run)" => 5,
        "LoadTest (this tool)" => 6,
        _ => 9,
    };

    private sealed class Tracked(int pid, string baseName, string label)
    {
        public int Pid { get; } = pid;

        public string BaseName { get; } = baseName;

        public string Label { get; } = label;

        public string Name => Label;

        public long LastTicks { get; set; } = ProcFs.Stat(pid)?.CpuTicks ?? -1;

        public int Samples { get; set; }

        public bool Gone { get; set; }
    }

    private sealed class Phase(string name, long startTimestamp)
    {
        public string Name { get; } = name;

        public long StartTimestamp { get; } = startTimestamp;

        public Dictionary<int, long> Start { get; } = [];

        public Dictionary<int, long> PeakRssKb { get; } = [];
    }
}

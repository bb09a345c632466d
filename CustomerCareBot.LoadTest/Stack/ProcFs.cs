using System.Globalization;

namespace CustomerCareBot.LoadTest.Stack;

/// <summary>Reads of /proc (Linux): command lines, parents, CPU ticks and resident memory of processes.</summary>
internal static class ProcFs
{
    /// <summary>USER_HZ: /proc/&lt;pid&gt;/stat times are in these ticks per second (100 on Linux).</summary>
    public const double ClockTicksPerSecond = 100.0;

    public static bool Available => Directory.Exists("/proc/self");

    public static IEnumerable<int> Pids()
    {
        if (!Available)
        {
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    public static string[]? CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Length == 0 ? null : raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parent pid and utime+stime (ticks) from /proc/&lt;pid&gt;/stat, or null when the process is gone.</summary>
    public static (int ParentPid, long CpuTicks, long StartTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] = state (field 3), so field n is fields[n - 3].
        if (fields.Length < 20)
        {
            return null;
        }

        var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        var start = long.Parse(fields[19], CultureInfo.InvariantCulture);
        return (ppid, utime + stime, start);
    }

    /// <summary>VmRSS in kB, or null.</summary>
    public static long? RssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length >= 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var kb) ? kb : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Every live descendant of <paramref name="root"/> (children, grandchildren, ...), not the root itself.</summary>
    public static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var pid in Pids())
        {
            if (Stat(pid) is { } s)
            {
                parents[pid] = s.ParentPid;
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>();
        frontier.Enqueue(root);
        while (frontier.Count > 0 && result.Count < 10_000)
        {
            var current = frontier.Dequeue();
            foreach (var (pid, parent) in parents)
            {
                if (parent == current && pid != root && !result.Contains(pid))
                {
                    result.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Which process of the stack a command line is: Api, Worker, MockApis, redis-server, the AppHost, DCP; null for
    /// anything else. Matches whole file names of arguments, so test hosts and this tool are not taken for them.
    /// </summary>
    public static string? Classify(string[] args)
    {
        if (args.Length == 0)
        {
            return null;
        }

        var exe = Path.GetFileName(args[0]);
        if (exe.StartsWith("redis-server", StringComparison.Ordinal))
        {
            return "redis-server";
        }

        if (exe is "dcp" or "dcpctrl" or "dcpproc")
        {
            // Its proxies carry the traffic unless the AppHost runs with direct endpoints: their CPU belongs to the stack.
            return "DCP";
        }

        // dotnet run --project <dir|csproj> (a launcher), dotnet [exec ...] X.dll, or the apphost executable X itself.
        var isDotnetRun = args.Length > 1 && exe == "dotnet" && args[1] == "run";
        foreach (var arg in args.Take(12))
        {
            var name = Path.GetFileName(arg.TrimEnd('/'));
            var launcher = isDotnetRun;
            if (name.EndsWith(".dll", StringComparison.Ordinal))
            {
                name = name[..^4];
            }
            else if (name.EndsWith(".csproj", StringComparison.Ordinal))
            {
                name = name[..^7];
                launcher = true;
            }

            var role = name switch
            {
                "CustomerCareBot.Api" => "Api",
                "CustomerCareBot.Worker" => "Worker",
                "CustomerCareBot.MockApis" => "MockApis",
                "CustomerCareBot.AppHost" => "AppHost",
                "Aspire.Dashboard" => "Dashboard",
                _ => null,
            };
            if (role is not null)
            {
                return launcher ? role + " (dotnet run)" : role;
            }
        }

        return null;
    }
}

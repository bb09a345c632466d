using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>What the AppHost knows about the instances (replicas) of a resource, from its snapshots.</summary>
public static class ResourceInstances
{
    public const string PidProperty = "executable.pid";

    /// <summary>
    /// Follows the AppHost's resource snapshots (the current ones first, then every change) until the instances
    /// of <paramref name="name"/> satisfy <paramref name="done"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, CustomResourceSnapshot>> WaitAsync(
        DistributedApplication app, string name, Func<IReadOnlyDictionary<string, CustomResourceSnapshot>, bool> done,
        TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        var latest = new Dictionary<string, CustomResourceSnapshot>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(cts.Token))
            {
                if (change.Resource.Name != name)
                {
                    continue;
                }

                latest[change.ResourceId] = change.Snapshot;
                if (done(latest))
                {
                    return latest;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"Gave up after {timeout.TotalSeconds:F0} s waiting for {what}; last: " +
            string.Join("; ", latest.Select(kv => $"{kv.Key}={Describe(kv.Value)}")));
    }

    public static int? Pid(CustomResourceSnapshot snapshot)
    {
        var value = snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value;
        return value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    public static bool IsRunning(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && Pid(snapshot) is > 0;

    public static bool HasEnded(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && (KnownResourceStates.TerminalStates.Contains(state) || state == KnownResourceStates.FailedToStart);

    public static string Describe(CustomResourceSnapshot snapshot) =>
        $"{snapshot.State?.Text ?? "?"} pid={Pid(snapshot)?.ToString(CultureInfo.InvariantCulture) ?? "-"} exit={snapshot.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"} health={snapshot.HealthStatus?.ToString() ?? "-"}";

    /// <summary>Runs a resource command (e.g. <see cref="KnownResourceCommands.StopCommand"/>) and fails the test if it fails.</summary>
    public static async Task CommandAsync(DistributedApplication app, string resourceId, string command, CancellationToken cancellationToken = default)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resourceId, command, cancellationToken);
        Assert.True(result.Success, $"{command} on {resourceId} failed: {result.Message}");
    }

    /// <summary>
    /// The service process of a project instance. DCP starts projects as <c>dotnet run --project ... --no-build</c>, so
    /// the snapshot's <c>executable.pid</c> is that launcher; the service itself is its child whose command line names
    /// <paramref name="program"/> (so only processes of this test's DCP are ever considered).
    /// </summary>
    public static int ServiceProcessId(int launcherPid, string program)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(System.IO.Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                var commandLine = File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (parent == launcherPid && commandLine.Contains(program, StringComparison.Ordinal) && !commandLine.Contains("dotnet run", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return launcherPid; // Started directly (no launcher): the snapshot's pid is the service.
    }

    /// <summary>True once the process is gone or a zombie (dead, waiting for DCP to reap it).</summary>
    public static bool ProcessIsDead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}

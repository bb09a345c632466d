using System.Diagnostics;

namespace CustomerCareBot.LoadTest.Stack;

/// <summary>
/// Runs the Aspire AppHost as a child (<c>dotnet run --project ... --launch-profile http</c>), waits for the Api's
/// /health, and always tears it down: SIGTERM to the child and its AppHost, a grace period, then SIGKILL to whatever
/// of its process tree is left.
/// </summary>
public sealed class AppHostLauncher : IAsyncDisposable
{
    private readonly AppHostLaunchOptions options;
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logGate = new();
    private readonly StackProcessTree tree = new();
    private int stopped;

    private AppHostLauncher(AppHostLaunchOptions options, Process process, StreamWriter log)
    {
        this.options = options;
        this.process = process;
        this.log = log;
    }

    public int Pid => process.Id;

    public string CommandLine { get; private set; } = string.Empty;

    public static bool IsBuilt(string repoRoot, string configuration) =>
        File.Exists(Path.Combine(repoRoot, "CustomerCareBot.AppHost", "bin", configuration, "net10.0", "CustomerCareBot.AppHost.dll"));

    public static AppHostLauncher Start(AppHostLaunchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var project = Path.Combine(options.RepoRoot, "CustomerCareBot.AppHost");
        if (!Directory.Exists(project))
        {
            throw new Core.LoadTestException($"No AppHost project at {project}.");
        }

        var noBuild = options.NoBuild ?? IsBuilt(options.RepoRoot, options.Configuration);
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = options.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add("--project");
        psi.ArgumentList.Add(project);
        psi.ArgumentList.Add("--configuration");
        psi.ArgumentList.Add(options.Configuration);
        psi.ArgumentList.Add("--launch-profile");
        psi.ArgumentList.Add("http");
        if (noBuild)
        {
            psi.ArgumentList.Add("--no-build");
        }

        psi.ArgumentList.Add("--");
        if (options.WorkerReplicas is { } replicas)
        {
            psi.ArgumentList.Add($"--Parameters:worker-replicas={replicas}");
        }

        if (!options.Proxied)
        {
            psi.ArgumentList.Add("--AppHost:DirectEndpoints=true");
        }

        if (!options.Dashboard)
        {
            psi.ArgumentList.Add("--AppHost:Dashboard=false");
        }

        if (options.WorkerParallelism is { } parallelism)
        {
            psi.ArgumentList.Add($"--Parameters:worker-parallelism={parallelism}");
        }

        foreach (var arg in options.ExtraArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(options.LogFile)!);
        var log = new StreamWriter(options.LogFile, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var launcher = new AppHostLauncher(options, process, log)
        {
            CommandLine = "dotnet " + string.Join(' ', psi.ArgumentList),
        };
        process.OutputDataReceived += (_, e) => launcher.Log(e.Data);
        process.ErrorDataReceived += (_, e) => launcher.Log(e.Data);
        if (!process.Start())
        {
            log.Dispose();
            throw new Core.LoadTestException("Could not start 'dotnet run' for the AppHost.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        launcher.Log($"# started pid {process.Id}: {launcher.CommandLine}");
        return launcher;
    }

    /// <summary>Waits until GET /health on the Api answers 200, the child exits, or the startup timeout passes.</summary>
    public async Task WaitHealthyAsync(Action<string>? status, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };
        var health = new Uri(options.ApiUrl, "health");
        var deadline = Stopwatch.GetTimestamp() + (long)(options.StartupTimeout.TotalSeconds * Stopwatch.Frequency);
        var attempts = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new Core.LoadTestException(
                    $"The AppHost exited with code {process.ExitCode} before the Api was healthy; see {options.LogFile}.");
            }

            attempts++;
            try
            {
                using var response = await client.GetAsync(health, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    tree.Snapshot(process);
                    await WaitWorkerAsync(client, deadline, status, ct).ConfigureAwait(false);
                    return;
                }

                status?.Invoke($"Api /health answered {(int)response.StatusCode} (attempt {attempts})");
            }
            catch (HttpRequestException)
            {
                status?.Invoke($"waiting for {health} (attempt {attempts})");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                status?.Invoke($"{health} timed out (attempt {attempts})");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }

        throw new Core.LoadTestException(
            $"The Api did not answer {health} with 200 within {options.StartupTimeout.TotalSeconds:0} s; see {options.LogFile}.");
    }

    /// <summary>The pids of the stack this launcher started (refreshed: the AppHost, DCP, services, redis-server).</summary>
    public IReadOnlyCollection<int> StackPids()
    {
        lock (tree)
        {
            tree.Snapshot(process);
            return tree.Alive().Select(t => t.Pid).Append(process.Id).ToHashSet();
        }
    }

    /// <summary>The Worker answers /health on its launch-profile port: wait for it too (best effort, same deadline).</summary>
    private async Task WaitWorkerAsync(HttpClient client, long deadline, Action<string>? status, CancellationToken ct)
    {
        var health = new Uri(options.WorkerUrl, "health");
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await client.GetAsync(health, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    tree.Snapshot(process);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            status?.Invoke($"Api healthy; waiting for the Worker at {health}");
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM, wait for the grace period, then SIGKILL the remaining processes of the tree. Idempotent.</summary>
    public async Task StopAsync(Action<string>? status = null)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        tree.Snapshot(process);
        var targets = tree.Alive();
        status?.Invoke($"stopping the AppHost (pid {process.Id}, {targets.Count} processes in its tree)");
        // SIGTERM the dotnet-run process and the AppHost itself (dotnet run may not forward it); the AppHost stops its resources.
        Native.Signal(process.Id, Native.SigTerm);
        foreach (var (pid, _) in targets)
        {
            if (ProcFs.CommandLine(pid) is { } args && ProcFs.Classify(args) == "AppHost")
            {
                Native.Signal(pid, Native.SigTerm);
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(options.ShutdownGrace.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && (!process.HasExited || tree.Alive().Count > 0))
        {
            await Task.Delay(500).ConfigureAwait(false);
        }

        var left = tree.Alive();
        if (!process.HasExited)
        {
            left.Add((process.Id, 0));
        }

        foreach (var (pid, _) in left)
        {
            Native.Signal(pid, Native.SigKill);
        }

        if (left.Count > 0)
        {
            Log($"# killed {left.Count} processes left after {options.ShutdownGrace.TotalSeconds:0} s: {string.Join(", ", left.Select(l => l.Pid))}");
            status?.Invoke($"killed {left.Count} processes that outlived the {options.ShutdownGrace.TotalSeconds:0} s grace period");
            await Task.Delay(500).ConfigureAwait(false);
        }

        try
        {
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Log("# stopped");
    }

    /// <summary>Synchronous last resort (process exit handler): SIGKILL the whole known tree.</summary>
    public void KillNow()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        tree.Snapshot(process);
        foreach (var (pid, _) in tree.Alive())
        {
            Native.Signal(pid, Native.SigKill);
        }

        Native.Signal(process.Id, Native.SigKill);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        process.Dispose();
        lock (logGate)
        {
            log.Dispose();
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logGate)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}

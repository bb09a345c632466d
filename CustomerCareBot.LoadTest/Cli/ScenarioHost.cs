using System.Diagnostics;
using CustomerCareBot.LoadTest.Core;
using CustomerCareBot.LoadTest.Output;
using CustomerCareBot.LoadTest.Scenarios;
using CustomerCareBot.LoadTest.Stack;
using Spectre.Console;

namespace CustomerCareBot.LoadTest.Cli;

/// <summary>
/// Everything around a scenario: target checks, starting and always stopping the AppHost, MockApis faults, resource
/// sampling, the progress display, console tables and the result files.
/// </summary>
internal static class ScenarioHost
{
    public static async Task<int> RunAsync(
        CommonSettings settings,
        Func<HttpClient, LiveStats, IPhaseObserver, TimeSpan, CancellationToken, Task<ScenarioResult>> scenario,
        CancellationToken ct)
    {
        var repoRoot = RepoRoot.TryFind();
        var outputDir = settings.Output ?? Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "artifacts", "loadtest");
        AppHostLauncher? launcher = null;
        Uri apiUrl;
        Uri mockUrl;
        var environment = new Dictionary<string, string>
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
        };

        void OnExit(object? sender, EventArgs e) => launcher?.KillNow();
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        try
        {
            if (settings.ApiUrl is { } given)
            {
                apiUrl = TargetGuard.ParseLocal(given, "--api-url");
                mockUrl = TargetGuard.ParseLocal(settings.MockApisUrl ?? "http://localhost:5180", "--mockapis-url");
                environment["stack"] = $"running stack at {apiUrl}";
                if (settings.Workers is not null || settings.Parallelism is not null)
                {
                    AnsiConsole.MarkupLine("[yellow]--workers/--parallelism only apply when the tool starts the AppHost; ignored with --api-url.[/]");
                }
            }
            else
            {
                apiUrl = new Uri("http://localhost:5080/");
                mockUrl = TargetGuard.ParseLocal(settings.MockApisUrl ?? "http://localhost:5180", "--mockapis-url");
                if (repoRoot is null)
                {
                    throw new LoadTestException($"No {RepoRoot.SolutionFile} above {Directory.GetCurrentDirectory()}: run from the repo or pass --api-url.");
                }

                if (await IsHealthyAsync(apiUrl, ct).ConfigureAwait(false))
                {
                    throw new LoadTestException($"Something already answers {apiUrl}health. Pass --api-url {apiUrl} to use that stack, or stop it first.");
                }

                launcher = AppHostLauncher.Start(new AppHostLaunchOptions
                {
                    RepoRoot = repoRoot,
                    WorkerReplicas = settings.Workers,
                    WorkerParallelism = settings.Parallelism,
                    NoBuild = settings.Build ? false : null,
                    Configuration = settings.Configuration,
                    ExtraArgs = settings.AppHostArgs,
                    Proxied = settings.Proxied,
                    Dashboard = settings.Dashboard,
                    LogFile = Path.Combine(outputDir, "apphost.log"),
                    ApiUrl = apiUrl,
                    StartupTimeout = settings.StartupTimeoutValue,
                });
                AnsiConsole.MarkupLine($"[grey]Started the AppHost (pid {launcher.Pid}): {Markup.Escape(launcher.CommandLine)}[/]");
                environment["stack"] = $"AppHost started by the tool: {launcher.CommandLine}";
                var started = Stopwatch.GetTimestamp();
                await AnsiConsole.Status().StartAsync("Waiting for the Api /health", async ctx =>
                    await launcher.WaitHealthyAsync(s => ctx.Status(Markup.Escape(s)), ct).ConfigureAwait(false)).ConfigureAwait(false);
                environment["stackStartupSeconds"] = Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.0");
                AnsiConsole.MarkupLine($"[green]Stack healthy after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s.[/]");
            }

            environment["workers"] = settings.Workers?.ToString() ?? "AppHost default (1)";
            environment["parallelism"] = settings.Parallelism?.ToString() ?? "AppHost default (32)";
            environment["mockLatencyMs"] = settings.MockLatencyMs?.ToString() ?? "MockApis default";

            using var api = LoadHttp.CreateClient(apiUrl, settings.MaxConnections);
            if (!await IsHealthyAsync(apiUrl, ct).ConfigureAwait(false))
            {
                throw new LoadTestException($"The Api at {apiUrl} does not answer GET /health with 200.");
            }

            using var mockClient = MockApisControl.CreateClient(mockUrl);
            var mock = new MockApisControl(mockClient);
            var faultsSet = false;
            ScenarioResult result;
            var stackLauncher = launcher;
            await using var monitor = new ResourceMonitor(scope: stackLauncher is null ? null : stackLauncher.StackPids);
            try
            {
                if (settings.MockLatencyMs is { } latency)
                {
                    await mock.SetLatencyAsync(latency, settings.MockJitterMs, 0, ct).ConfigureAwait(false);
                    faultsSet = true;
                    AnsiConsole.MarkupLine($"[grey]MockApis latency set to {latency} ms (jitter {settings.MockJitterMs} ms).[/]");
                }

                if (settings.WarmupRuns > 0)
                {
                    await AnsiConsole.Status().StartAsync($"Warm-up: {settings.WarmupRuns} runs", async _ =>
                    {
                        var warm = await DrainScenario.RunAsync(api, new DrainOptions
                        {
                            Runs = settings.WarmupRuns,
                            Concurrency = Math.Min(settings.WarmupRuns, 64),
                            WorkflowId = settings.Workflow,
                            CompletionTimeout = settings.TimeoutValue,
                        }, ct).ConfigureAwait(false);
                        var t = warm.Tests[0];
                        environment["warmup"] = $"{t.Sent} runs before measuring: {t.Accepted} accepted, {t.Completed} completed, end-to-end max {t.EndToEndServer.MaxMs:0.#} ms";
                    }).ConfigureAwait(false);
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(environment["warmup"])}[/]");
                }

                var mockCallsBefore = await mock.TotalCallsAsync(ct).ConfigureAwait(false);
                AnsiConsole.MarkupLine($"[grey]Measuring: {Markup.Escape(string.Join(", ", monitor.Found))}[/]");
                monitor.Restart();
                var stats = new LiveStats();
                result = await WithProgressAsync(stats, () => scenario(api, stats, monitor, settings.TimeoutValue, ct), ct).ConfigureAwait(false);
                result.Resources = [.. monitor.Overall()];
                var mockCallsAfter = await mock.TotalCallsAsync(ct).ConfigureAwait(false);
                if (mockCallsBefore is { } before && mockCallsAfter is { } after)
                {
                    environment["mockApiCallsDuringScenario"] = (after - before).ToString();
                }
            }
            finally
            {
                if (faultsSet)
                {
                    try
                    {
                        await mock.ResetAsync(CancellationToken.None).ConfigureAwait(false);
                        AnsiConsole.MarkupLine("[grey]MockApis faults reset.[/]");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or LoadTestException or TaskCanceledException)
                    {
                        AnsiConsole.MarkupLine($"[yellow]Could not reset MockApis faults: {Markup.Escape(ex.Message)}[/]");
                    }
                }
            }

            foreach (var (k, v) in environment)
            {
                result.Environment[k] = v;
            }

            ConsoleTables.Print(result);
            var files = await ResultFiles.WriteAsync(result, outputDir, MarkdownReport.DefaultArchitecture, CancellationToken.None).ConfigureAwait(false);
            foreach (var f in files)
            {
                AnsiConsole.MarkupLine($"[grey]wrote[/] {Markup.Escape(Path.GetRelativePath(Directory.GetCurrentDirectory(), f))}");
            }

            return result.AllSucceeded ? 0 : 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]Cancelled.[/]");
            return 130;
        }
        catch (LoadTestException ex)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return 1;
        }
        finally
        {
            if (launcher is not null)
            {
                await AnsiConsole.Status().StartAsync("Stopping the AppHost", async ctx =>
                    await launcher.StopAsync(s => ctx.Status(Markup.Escape(s))).ConfigureAwait(false)).ConfigureAwait(false);
                await launcher.DisposeAsync().ConfigureAwait(false);
                AnsiConsole.MarkupLine("[grey]AppHost stopped.[/]");
            }

            AppDomain.CurrentDomain.ProcessExit -= OnExit;
        }
    }

    private static async Task<bool> IsHealthyAsync(Uri apiUrl, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri(apiUrl, "health"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs the scenario under a Spectre progress display refreshed from counters every 250 ms (plain lines when not interactive).</summary>
    private static async Task<ScenarioResult> WithProgressAsync(LiveStats stats, Func<Task<ScenarioResult>> run, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var task = run();
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(2), ct)).ConfigureAwait(false);
                AnsiConsole.WriteLine(Line(stats, started));
            }

            return await task.ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var sending = ctx.AddTask("sent", maxValue: 1);
                var terminal = ctx.AddTask("terminal", maxValue: 1);
                var task = run();
                while (!task.IsCompleted)
                {
                    await Task.WhenAny(task, Task.Delay(250, ct)).ConfigureAwait(false);
                    var target = Math.Max(1, stats.Target);
                    sending.MaxValue = Math.Max(target, stats.Sent);
                    sending.Value = stats.Sent;
                    sending.Description = Markup.Escape($"{stats.Phase}: sent {stats.Sent}, 202 {stats.Accepted}, 503 {stats.Rejected}, errors {stats.Errors}");
                    terminal.MaxValue = Math.Max(1, stats.Accepted);
                    terminal.Value = stats.Terminal;
                    terminal.Description = Markup.Escape($"terminal {stats.Terminal} (completed {stats.Completed}, failed {stats.Failed}), polls {stats.Polls}");
                }

                sending.StopTask();
                terminal.StopTask();
                return await task.ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static string Line(LiveStats s, long started) =>
        $"[{Stopwatch.GetElapsedTime(started).TotalSeconds,6:0.0}s] {s.Phase}: sent {s.Sent}/{s.Target}, 202 {s.Accepted}, 503 {s.Rejected}, " +
        $"errors {s.Errors}, terminal {s.Terminal} (completed {s.Completed}, failed {s.Failed}), polls {s.Polls}";
}

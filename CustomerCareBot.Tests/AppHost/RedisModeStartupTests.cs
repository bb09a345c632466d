using System.Diagnostics;

namespace CustomerCareBot.Tests.AppHost;

/// <summary>
/// The AppHost on a machine with neither a container runtime nor redis-server: it must stop at once with a message
/// saying what to install, not hang waiting for a Redis that will never come.
/// </summary>
public sealed class RedisModeStartupTests
{
    [Fact]
    public async Task Without_docker_or_redis_server_the_apphost_stops_with_what_to_install()
    {
        var (exitCode, output) = await RunAppHostAsync(pathWithoutRedis: true);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("redis-server", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y redis-server", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_redis_mode_is_refused_with_the_modes_it_knows()
    {
        var (exitCode, output) = await RunAppHostAsync(pathWithoutRedis: false, "--Redis:Mode=floppy");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Redis:Mode 'floppy' is not one of auto, container, executable, external", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAppHostAsync(bool pathWithoutRedis, params string[] args)
    {
        var projectPath = Projects.CustomerCareBot_AppHost.ProjectPath;
        var projectDirectory = projectPath.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(projectPath)! : projectPath;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var appHost = Path.Combine(projectDirectory, "bin", configuration, "net10.0", "CustomerCareBot.AppHost.dll");
        var dotnet = Environment.ProcessPath!;

        // A PATH holding only dotnet: no docker, no podman, no redis-server.
        var binDirectory = Directory.CreateTempSubdirectory("ccb-path-");
        File.CreateSymbolicLink(Path.Combine(binDirectory.FullName, "dotnet"), dotnet);
        try
        {
            var start = new ProcessStartInfo(dotnet, [appHost, .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = projectDirectory,
            };
            if (pathWithoutRedis)
            {
                start.Environment["PATH"] = binDirectory.FullName;
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment.Remove("ConnectionStrings__redis");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The AppHost did not stop within 60 s: it hangs instead of refusing to start.");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            binDirectory.Delete(recursive: true);
        }
    }
}

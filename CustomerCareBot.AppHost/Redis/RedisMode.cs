using Microsoft.Extensions.Configuration;
using System.Diagnostics;

namespace CustomerCareBot.AppHost.Redis;

public enum RedisMode
{
    Container,
    Executable,
    External,
}

/// <summary>Chooses how the AppHost provides Redis: configured explicitly, or by what this machine can run.</summary>
internal static class RedisModeSelector
{
    public static RedisMode Select(IConfiguration configuration)
    {
        var configured = configuration["Redis:Mode"];
        if (!string.IsNullOrWhiteSpace(configured) && !configured.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Enum.TryParse<RedisMode>(configured, ignoreCase: true, out var mode)
                ? mode
                : throw new InvalidOperationException(
                    $"Redis:Mode '{configured}' is not one of auto, container, executable, external.");
        }

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis")))
        {
            return RedisMode.External;
        }

        if (ContainerRuntimeAnswers(configuration))
        {
            return RedisMode.Container;
        }

        if (ProgramOnPath("redis-server") is not null)
        {
            return RedisMode.Executable;
        }

        throw new InvalidOperationException(
            "Redis is needed but neither a container runtime (Docker or Podman) answers nor is 'redis-server' on PATH. " +
            "Install one of them (Debian/Ubuntu: 'apt-get install -y redis-server'), " +
            "or point the AppHost at an existing Redis with ConnectionStrings__redis and Redis__Mode=external.");
    }

    public static string? ProgramOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool ContainerRuntimeAnswers(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"];
        string[] candidates = string.IsNullOrWhiteSpace(runtime) ? ["docker", "podman"] : [runtime];
        return candidates.Any(c => ProgramOnPath(c) is not null && InfoSucceeds(c));
    }

    // A client without a daemon (as on CI machines) answers 'info' with an error; a hung daemon must not hang startup.
    private static bool InfoSucceeds(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>
/// What <c>azd up</c> deploys: azure.yaml points at the AppHost, and the AppHost's manifest (generated here with the
/// manifest publisher; never a plain <c>--operation publish</c>, which needs Docker and hangs) has the resources,
/// parameters and bindings Azure Container Apps needs.
/// </summary>
public sealed class ManifestTests(ITestOutputHelper output)
{
    private static readonly string[] SensitiveWords = ["token", "secret", "password", "key"];

    [Fact]
    public void Azure_yaml_deploys_the_apphost_to_container_apps()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Path, "azure.yaml")).Select(l => l.Trim()).ToList();
        Assert.Contains("services:", lines);
        Assert.Contains("app:", lines);
        Assert.Contains("project: ./CustomerCareBot.AppHost", lines);
        Assert.Contains("host: containerapp", lines);
        Assert.Contains("language: dotnet", lines);
    }

    [Fact]
    public async Task Manifest_describes_the_deployment()
    {
        var folder = Directory.CreateTempSubdirectory("ccb-manifest-");
        try
        {
            var path = Path.Combine(folder.FullName, "aspire-manifest.json");
            await GenerateAsync(path);
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var resources = manifest.RootElement.GetProperty("resources");

            foreach (var project in new[] { "api", "worker", "mockapis" })
            {
                Assert.StartsWith("project.v", resources.GetProperty(project).GetProperty("type").GetString(), StringComparison.Ordinal);
            }

            // Redis publishes as a container (the AppHost's executable mode is for machines without Docker).
            var redis = resources.GetProperty("redis");
            Assert.StartsWith("container.v", redis.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Contains("redis", redis.GetProperty("image").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.True(redis.TryGetProperty("connectionString", out _));

            // Parameters: the MockApis token (and every other token, secret, password or key) is a secret; the tunables are not.
            Assert.True(Secret(resources, "mock-access-token"));
            var sensitive = resources.EnumerateObject()
                .Where(r => r.Value.GetProperty("type").GetString()!.StartsWith("parameter.", StringComparison.Ordinal)
                            && SensitiveWords.Any(w => r.Name.Contains(w, StringComparison.Ordinal)))
                .ToList();
            Assert.All(sensitive, p => Assert.True(Secret(resources, p.Name), $"parameter {p.Name} is not marked secret"));
            output.WriteLine($"secret parameters: {string.Join(", ", sensitive.Select(p => p.Name))}");
            Assert.False(Secret(resources, "worker-parallelism"));
            Assert.False(Secret(resources, "agent-kind"));

            // Bindings: both services get Redis; the Worker (and the Api) reach MockApis and get the token.
            foreach (var service in new[] { "api", "worker" })
            {
                var env = resources.GetProperty(service).GetProperty("env");
                Assert.Equal("{redis.connectionString}", env.GetProperty("ConnectionStrings__redis").GetString());
                Assert.Equal("{mock-access-token.value}", env.GetProperty("Workflows__Secrets__accessToken").GetString());
                Assert.Equal("http://mockapis", env.GetProperty("Workflows__Services__registration").GetString());
                Assert.Contains("{mockapis.bindings.http", env.GetProperty("services__mockapis__http__0").GetString(), StringComparison.Ordinal);
                Assert.True(resources.GetProperty(service).GetProperty("bindings").TryGetProperty("http", out _));
            }

            var worker = resources.GetProperty("worker");
            Assert.Equal("{worker-parallelism.value}", worker.GetProperty("env").GetProperty("Worker__Parallelism").GetString());

            // Replicas: recorded as found. The manifest format has no replica count for projects in every version;
            // when absent, azd's Container Apps template sets the scale rules instead.
            output.WriteLine(worker.TryGetProperty("replicas", out var replicas)
                ? $"worker replicas in the manifest: {replicas}"
                : $"worker has no 'replicas' in the manifest; its properties: {string.Join(", ", worker.EnumerateObject().Select(p => p.Name))}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool Secret(JsonElement resources, string parameter)
    {
        var resource = resources.GetProperty(parameter);
        Assert.StartsWith("parameter.v", resource.GetProperty("type").GetString(), StringComparison.Ordinal);
        return resource.GetProperty("inputs").GetProperty("value").TryGetProperty("secret", out var secret) && secret.GetBoolean();
    }

    private async Task GenerateAsync(string outputPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "--project", "CustomerCareBot.AppHost", "--no-build", "--launch-profile", "http", "--",
                     "--publisher", "manifest", "--output-path", outputPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Manifest generation did not finish in 120 s: {await stdout}{await stderr}");
        }

        output.WriteLine(await stdout);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stdout}{await stderr}");
        Assert.True(File.Exists(outputPath), $"no manifest at {outputPath}");
    }
}

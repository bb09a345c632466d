using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerCareBot.LoadTest.Core;

namespace CustomerCareBot.LoadTest.Output;

/// <summary>Writes a scenario's JSON, Markdown report and plots under artifacts/loadtest/.</summary>
public static class ResultFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<IReadOnlyList<string>> WriteAsync(ScenarioResult result, string directory, string architecture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{result.Scenario}-{result.StartedAt:yyyyMMdd-HHmmss}");
        var files = new List<string>();

        var json = stem + ".json";
        await using (var stream = File.Create(json))
        {
            await JsonSerializer.SerializeAsync(stream, result, Json, ct).ConfigureAwait(false);
        }

        files.Add(json);

        var png = stem + "-latency.png";
        string? timelinePng = stem + "-timeline.png";
        try
        {
            PlotWriter.WritePercentiles(result, png);
            files.Add(png);
            if (PlotWriter.WriteTimeline(result, timelinePng))
            {
                files.Add(timelinePng);
            }
            else
            {
                timelinePng = null;
            }
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            result.Notes.Add($"Plot not written: {ex.GetType().Name}: {ex.Message}");
            png = null;
            timelinePng = null;
        }

        var md = stem + ".md";
        await File.WriteAllTextAsync(md, MarkdownReport.Render(result, architecture,
            png is null ? null : Path.GetFileName(png), timelinePng is null ? null : Path.GetFileName(timelinePng)), ct).ConfigureAwait(false);
        files.Add(md);
        return files;
    }
}

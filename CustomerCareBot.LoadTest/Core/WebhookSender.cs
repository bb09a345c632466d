using System.Diagnostics;
using System.Net;

namespace CustomerCareBot.LoadTest.Core;

public enum SendOutcome
{
    Accepted,
    Rejected,
    Error,
}

/// <summary>The result of one webhook POST.</summary>
public readonly record struct SendResult(SendOutcome Outcome, string? RunId, int StatusCode, string? Error);

/// <summary>
/// Posts pre-serialized webhook bodies: one ByteArrayContent wrapper over a shared array per request, the Content-Type
/// added without parsing, the 202 body read as bytes and the run id pulled out with Utf8JsonReader.
/// </summary>
public sealed class WebhookSender
{
    private readonly HttpClient client;
    private readonly Uri webhookUri;

    public WebhookSender(HttpClient client, string workflowId)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        webhookUri = LoadHttp.Resolve(client, $"webhooks/{Uri.EscapeDataString(workflowId)}");
    }

    public Uri WebhookUri => webhookUri;

    public async Task<SendResult> SendAsync(Payload payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            using var content = new ByteArrayContent(payload.Body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, webhookUri) { Content = content };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                var runId = RunJson.ReadRunId(bytes);
                return runId is null
                    ? new SendResult(SendOutcome.Error, null, code, "202 without a runId")
                    : new SendResult(SendOutcome.Accepted, runId, code, null);
            }

            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                return new SendResult(SendOutcome.Rejected, null, code, null);
            }

            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return new SendResult(SendOutcome.Error, null, code, $"HTTP {code}: {Truncate(text, 300)}");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(SendOutcome.Error, null, 0, $"{ex.HttpRequestError}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Error, null, 0, $"timeout: {ex.Message}");
        }
    }

    /// <summary>
    /// Sends one webhook and books it in <paramref name="group"/>: latency from <paramref name="intendedTimestamp"/> (the
    /// scheduled send time, so queueing in the tool or the server counts), counters, and the accepted run handed to
    /// <paramref name="track"/>.
    /// </summary>
    public async Task<SendResult> SendAndRecordAsync(
        Payload payload, GroupRecorder group, long intendedTimestamp, LiveStats stats, Action<TrackedRun>? track, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(stats);
        stats.OnSent();
        group.OnSent(intendedTimestamp);
        var sendStart = Stopwatch.GetTimestamp();
        var result = await SendAsync(payload, ct).ConfigureAwait(false);
        var now = Stopwatch.GetTimestamp();
        group.AcceptLatency.RecordStopwatchTicks(now - intendedTimestamp);
        group.ServiceLatency?.RecordStopwatchTicks(now - sendStart);
        switch (result.Outcome)
        {
            case SendOutcome.Accepted:
                stats.OnAccepted();
                var run = new TrackedRun(result.RunId!, payload, group.Index, intendedTimestamp, now);
                group.OnAccepted(run);
                track?.Invoke(run);
                break;
            case SendOutcome.Rejected:
                stats.OnRejected();
                group.OnRejected(now);
                break;
            default:
                stats.OnError();
                group.OnError(result.Error ?? $"HTTP {result.StatusCode}", now);
                break;
        }

        return result;
    }

    internal static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}

/// <summary>Counts errors by message and keeps the counts bounded (at most 50 distinct messages).</summary>
public sealed class ErrorLog
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    public void Add(string message)
    {
        lock (gate)
        {
            if (counts.TryGetValue(message, out var n))
            {
                counts[message] = n + 1;
            }
            else if (counts.Count < 50)
            {
                counts[message] = 1;
            }
            else
            {
                counts["(other errors)"] = counts.GetValueOrDefault("(other errors)") + 1;
            }
        }
    }

    public Dictionary<string, int> Snapshot()
    {
        lock (gate)
        {
            return new Dictionary<string, int>(counts, StringComparer.Ordinal);
        }
    }
}

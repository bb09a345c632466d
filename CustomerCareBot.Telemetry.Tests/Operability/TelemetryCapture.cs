using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace CustomerCareBot.Telemetry.Tests.Operability;

/// <summary>What the in-memory exporters of one in-process host received: spans, metric snapshots and log records.</summary>
public sealed class TelemetryCapture
{
    public SyncCollection<Activity> Spans { get; } = new();

    public SyncCollection<MetricSnapshot> Metrics { get; } = new();

    public SyncCollection<CapturedLog> Logs { get; } = new();

    /// <summary>The latest snapshot of a metric (exports are cumulative), or null before its first export.</summary>
    public MetricSnapshot? LatestMetric(string name) => Metrics.Snapshot().LastOrDefault(m => m.Name == name);
}

/// <summary>One OpenTelemetry log record, copied while it is exported (records are pooled and reused after).</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    string? Message,
    IReadOnlyList<KeyValuePair<string, string?>> Attributes,
    IReadOnlyList<KeyValuePair<string, string?>> Scopes,
    ActivityTraceId TraceId)
{
    public string AllText => string.Join(" | ", new[] { Category, Message ?? string.Empty }
        .Concat(Attributes.Select(a => $"{a.Key}={a.Value}"))
        .Concat(Scopes.Select(s => $"{s.Key}={s.Value}")));

    public string? Scope(string key) => Scopes.LastOrDefault(s => s.Key == key).Value;
}

/// <summary>Copies every log record that reaches the OpenTelemetry logger provider, scopes included.</summary>
public sealed class LogCaptureProcessor(SyncCollection<CapturedLog> sink) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        var scopes = new List<KeyValuePair<string, string?>>();
        data.ForEachScope(static (scope, list) =>
        {
            foreach (var item in scope)
            {
                list.Add(new(item.Key, item.Value?.ToString()));
            }
        }, scopes);
        var attributes = data.Attributes?.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value?.ToString())).ToList() ?? [];
        sink.Add(new CapturedLog(data.CategoryName ?? string.Empty, data.LogLevel, data.FormattedMessage ?? data.Body,
            attributes, scopes, data.TraceId));
    }
}

/// <summary>A list exporters add to from their threads while the test reads snapshots.</summary>
public sealed class SyncCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public T[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_gate)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_gate)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Diagnostics;

namespace CustomerCareBot.LoadTest.Core;

/// <summary>Turns what a group recorded (plus its polled runs) into a <see cref="TestResult"/>.</summary>
public static class ResultBuilder
{
    public static TestResult Build(GroupRecorder group, IReadOnlyList<TrackedRun> runs, long scenarioStartTimestamp, bool withTimeline)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(runs);
        var e2e = new LatencyRecorder();
        var queue = new LatencyRecorder();
        var observed = new LatencyRecorder();
        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        var backlog = new Dictionary<string, long>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        long completed = 0, failed = 0, cancelled = 0, notTerminal = 0, matches = 0, mismatchCount = 0;
        DateTimeOffset? firstCreated = null, firstCompleted = null, lastCompleted = null;
        foreach (var run in runs)
        {
            var s = run.State;
            if (!s.IsTerminal)
            {
                notTerminal++;
                var key = s.Status ?? "unpolled";
                backlog[key] = backlog.GetValueOrDefault(key) + 1;
                continue;
            }

            switch (s.Status)
            {
                case RunStatus.Completed:
                    completed++;
                    break;
                case RunStatus.Failed:
                    failed++;
                    break;
                default:
                    cancelled++;
                    break;
            }

            var final = s.FinalStatus ?? $"({s.Status}{(s.Reason is null ? string.Empty : ": " + s.Reason)})";
            statuses[final] = statuses.GetValueOrDefault(final) + 1;
            if (run.FinalStatusMatches)
            {
                matches++;
            }
            else
            {
                mismatchCount++;
                if (mismatches.Count < 10)
                {
                    mismatches.Add($"run {run.RunId}: message \"{run.Payload.Message}\" expected {run.Payload.ExpectedFinalStatus}, got status {s.Status}, finalStatus {s.FinalStatus ?? "null"}, reason {s.Reason ?? "null"}, error {WebhookSender.Truncate(s.Error ?? "null", 200)}");
                }
            }

            if (s.CreatedAt is { } created && s.CompletedAt is { } done)
            {
                e2e.Record(done - created);
                firstCreated = firstCreated is null || created < firstCreated ? created : firstCreated;
                lastCompleted = lastCompleted is null || done > lastCompleted ? done : lastCompleted;
                firstCompleted = firstCompleted is null || done < firstCompleted ? done : firstCompleted;
                if (s.StartedAt is { } started)
                {
                    queue.Record(started - created);
                }
            }

            if (run.ObservedTimestamp > 0)
            {
                observed.RecordStopwatchTicks(run.ObservedTimestamp - run.IntendedTimestamp);
            }
        }

        var (start, end) = group.Window;
        var window = start == long.MaxValue || end <= start ? 0 : Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        var span = firstCreated is { } f && lastCompleted is { } l ? (l - f).TotalSeconds : 0;
        return new TestResult
        {
            Name = group.Name,
            Concurrency = group.Concurrency,
            TargetRatePerSecond = group.TargetRate,
            Sent = group.Sent,
            Accepted = group.Accepted,
            Rejected = group.Rejected,
            Errors = group.ErrorCount,
            Completed = completed,
            Failed = failed,
            Cancelled = cancelled,
            NotTerminal = notTerminal,
            AcceptSuccessRate = group.Sent == 0 ? 0 : (double)group.Accepted / group.Sent,
            CompletionRate = group.Accepted == 0 ? 0 : (double)completed / group.Accepted,
            SendWindowSeconds = Math.Round(window, 3),
            AcceptedPerSecond = window > 0 ? Math.Round(group.Accepted / window, 1) : 0,
            CompletionSpanSeconds = Math.Round(span, 3),
            CompletedPerSecond = span > 0 ? Math.Round(completed / span, 1) : 0,
            CompletedPerSecondSteady = firstCompleted is { } fc && lastCompleted is { } lc && completed > 1 && (lc - fc).TotalSeconds > 0.5
                ? Math.Round((completed - 1) / (lc - fc).TotalSeconds, 1)
                : 0,
            AcceptLatency = group.AcceptLatency.Summarize(),
            ServiceLatency = group.ServiceLatency?.Summarize(),
            EndToEndServer = e2e.Summarize(),
            QueueWait = queue.Summarize(),
            EndToEndObserved = observed.Summarize(),
            FinalStatuses = statuses,
            FinalStatusMatches = matches,
            FinalStatusMismatches = mismatchCount,
            MismatchSamples = mismatches,
            ErrorMessages = group.Errors.Snapshot(),
            BacklogStatuses = backlog,
            AcceptPercentiles = [.. group.AcceptLatency.PercentileCurve()],
            Timeline = withTimeline ? Timeline(runs, scenarioStartTimestamp) : [],
        };
    }

    /// <summary>Per-second accepted (tool clock) and completed (server completedAt) counts, with accept latency per second.</summary>
    public static List<TimelinePoint> Timeline(IReadOnlyList<TrackedRun> runs, long scenarioStartTimestamp)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return [];
        }

        var wallStart = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(scenarioStartTimestamp);
        var accepted = new Dictionary<int, List<double>>();
        var completed = new Dictionary<int, long>();
        foreach (var run in runs)
        {
            var second = (int)Stopwatch.GetElapsedTime(scenarioStartTimestamp, run.IntendedTimestamp).TotalSeconds;
            if (!accepted.TryGetValue(second, out var list))
            {
                accepted[second] = list = [];
            }

            list.Add(Stopwatch.GetElapsedTime(run.IntendedTimestamp, run.AcceptedTimestamp).TotalMilliseconds);
            if (run.State.CompletedAt is { } done && run.State.IsTerminal)
            {
                var s = (int)Math.Floor((done - wallStart).TotalSeconds);
                completed[s] = completed.GetValueOrDefault(s) + 1;
            }
        }

        var first = Math.Min(accepted.Keys.Min(), completed.Count > 0 ? completed.Keys.Min() : 0);
        var last = Math.Max(accepted.Keys.Max(), completed.Count > 0 ? completed.Keys.Max() : 0);
        first = Math.Max(first, 0);
        last = Math.Min(last, first + 36_000);
        var points = new List<TimelinePoint>(last - first + 1);
        for (var s = first; s <= last; s++)
        {
            double p50 = 0, p99 = 0, max = 0;
            long count = 0;
            if (accepted.TryGetValue(s, out var list) && list.Count > 0)
            {
                list.Sort();
                count = list.Count;
                p50 = list[(int)Math.Min(list.Count - 1, Math.Floor(0.50 * list.Count))];
                p99 = list[(int)Math.Min(list.Count - 1, Math.Floor(0.99 * list.Count))];
                max = list[^1];
            }

            points.Add(new TimelinePoint(s, count, completed.GetValueOrDefault(s), Math.Round(p50, 3), Math.Round(p99, 3), Math.Round(max, 3)));
        }

        return points;
    }

    /// <summary>All groups as one (for ramp, sustained and drain overall figures).</summary>
    public static TestResult Combine(string name, IReadOnlyList<GroupRecorder> groups, IReadOnlyList<TrackedRun> runs, long scenarioStartTimestamp)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var all = new GroupRecorder(-1, name, groups.Count == 0 ? 0 : groups.Max(g => g.Concurrency));
        foreach (var g in groups)
        {
            all.AcceptLatency.Add(g.AcceptLatency);
        }

        var combined = Build(all, runs, scenarioStartTimestamp, withTimeline: true);
        var start = groups.Select(g => g.Window.Start).DefaultIfEmpty(0).Min();
        var end = groups.Select(g => g.Window.End).DefaultIfEmpty(0).Max();
        var window = end > start && start != long.MaxValue ? Stopwatch.GetElapsedTime(start, end).TotalSeconds : 0;
        var sent = groups.Sum(g => g.Sent);
        var accepted = groups.Sum(g => g.Accepted);
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in groups.SelectMany(g => g.Errors.Snapshot()))
        {
            errors[k] = errors.GetValueOrDefault(k) + v;
        }

        return new TestResult
        {
            Name = combined.Name,
            Concurrency = combined.Concurrency,
            TargetRatePerSecond = groups.Count == 1 ? groups[0].TargetRate : null,
            Sent = sent,
            Accepted = accepted,
            Rejected = groups.Sum(g => g.Rejected),
            Errors = groups.Sum(g => g.ErrorCount),
            Completed = combined.Completed,
            Failed = combined.Failed,
            Cancelled = combined.Cancelled,
            NotTerminal = combined.NotTerminal,
            AcceptSuccessRate = sent == 0 ? 0 : (double)accepted / sent,
            CompletionRate = accepted == 0 ? 0 : (double)combined.Completed / accepted,
            SendWindowSeconds = Math.Round(window, 3),
            AcceptedPerSecond = window > 0 ? Math.Round(accepted / window, 1) : 0,
            CompletedPerSecond = combined.CompletedPerSecond,
            CompletedPerSecondSteady = combined.CompletedPerSecondSteady,
            CompletionSpanSeconds = combined.CompletionSpanSeconds,
            AcceptLatency = combined.AcceptLatency,
            EndToEndServer = combined.EndToEndServer,
            QueueWait = combined.QueueWait,
            EndToEndObserved = combined.EndToEndObserved,
            FinalStatuses = combined.FinalStatuses,
            FinalStatusMatches = combined.FinalStatusMatches,
            FinalStatusMismatches = combined.FinalStatusMismatches,
            MismatchSamples = combined.MismatchSamples,
            ErrorMessages = errors,
            BacklogStatuses = combined.BacklogStatuses,
            AcceptPercentiles = combined.AcceptPercentiles,
            Timeline = combined.Timeline,
        };
    }
}

using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using F = CustomerCareBot.Runs.RedisKeys.Fields;

namespace CustomerCareBot.Runs;

/// <summary>Reads run records: one run as its document, or the recent runs.</summary>
public sealed class RunStore(IConnectionMultiplexer redis)
{
    private static readonly RedisValue[] DocumentFields =
        [F.WorkflowId, F.Status, F.FinalStatus, F.Reason, F.Error, F.CreatedAt, F.StartedAt, F.CompletedAt,
         F.Attempts, F.CancelRequested, F.Steps, F.Checkpoint, F.Globals, F.Output, F.Trigger, F.Worker];

    private static readonly RedisValue[] SummaryFields =
        [F.WorkflowId, F.Status, F.FinalStatus, F.Reason, F.Error, F.CreatedAt, F.StartedAt, F.CompletedAt, F.Attempts];

    public async Task<RunDocument?> GetAsync(string runId)
    {
        var v = await redis.GetDatabase().HashGetAsync(RedisKeys.Run(runId), DocumentFields);
        if (v[1].IsNull)
        {
            return null;
        }

        // Until the run ends, its steps and globals are those of the last checkpoint.
        JsonElement? steps = Parse(v[10]);
        JsonElement? globals = Parse(v[12]);
        if ((steps is null || globals is null) && Parse(v[11]) is { } checkpoint)
        {
            steps ??= checkpoint.TryGetProperty("completedSteps", out var s) ? s : null;
            globals ??= checkpoint.TryGetProperty("globals", out var g) ? g : null;
        }

        return new RunDocument
        {
            RunId = runId,
            WorkflowId = (string)v[0]!,
            Status = (string)v[1]!,
            FinalStatus = NullIfEmpty(v[2]),
            Reason = NullIfEmpty(v[3]),
            Error = NullIfEmpty(v[4]),
            CreatedAt = Time(v[5]),
            StartedAt = Time(v[6]),
            CompletedAt = Time(v[7]),
            Attempts = v[8].IsNull ? 0 : (int)v[8],
            CancelRequested = !v[9].IsNull,
            Steps = steps,
            Globals = globals,
            Output = Parse(v[13]),
            Trigger = Parse(v[14]),
            Worker = NullIfEmpty(v[15]),
        };
    }

    public async Task<IReadOnlyList<RunSummary>> ListAsync(string? workflowId, string? status, int limit)
    {
        var db = redis.GetDatabase();
        // Filters apply to the most recent runs; scanning further back is what a search index is for.
        var scan = workflowId is null && status is null ? limit : Math.Max(limit * 10, 1000);
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.Recent, 0, scan - 1, Order.Descending);
        var lookups = ids.Select(id => db.HashGetAsync(RedisKeys.Run((string)id!), SummaryFields)).ToArray();
        var rows = await Task.WhenAll(lookups);

        var result = new List<RunSummary>(Math.Min(limit, ids.Length));
        for (var i = 0; i < ids.Length && result.Count < limit; i++)
        {
            var v = rows[i];
            if (v[1].IsNull
                || (workflowId is not null && (string?)v[0] != workflowId)
                || (status is not null && (string?)v[1] != status))
            {
                continue;
            }

            result.Add(Summary((string)ids[i]!, v));
        }

        return result;
    }

    /// <summary>
    /// The summaries of the given runs that exist, in the order asked, read in one pipelined round trip: what a
    /// client following many runs polls instead of one document per run.
    /// </summary>
    public async Task<IReadOnlyList<RunSummary>> LookupAsync(IReadOnlyList<string> runIds)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var lookups = new Task<RedisValue[]>[runIds.Count];
        for (var i = 0; i < runIds.Count; i++)
        {
            lookups[i] = batch.HashGetAsync(RedisKeys.Run(runIds[i]), SummaryFields);
        }

        batch.Execute();
        var rows = await Task.WhenAll(lookups);
        var result = new List<RunSummary>(runIds.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            if (!rows[i][1].IsNull)
            {
                result.Add(Summary(runIds[i], rows[i]));
            }
        }

        return result;
    }

    private static RunSummary Summary(string runId, RedisValue[] v) =>
        new(runId, (string)v[0]!, (string)v[1]!, NullIfEmpty(v[2]), NullIfEmpty(v[3]), NullIfEmpty(v[4]),
            Time(v[5]), Time(v[6]), Time(v[7]), v[8].IsNull ? 0 : (int)v[8]);

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : (string)value!;

    private static DateTimeOffset? Time(RedisValue value) =>
        value.IsNullOrEmpty ? null : DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static JsonElement? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        using var document = JsonDocument.Parse((ReadOnlyMemory<byte>)value);
        return document.RootElement.Clone();
    }
}

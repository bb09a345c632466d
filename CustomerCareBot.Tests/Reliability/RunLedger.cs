using System.Text.Json;
using CustomerCareBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>One run as the run store holds it (fields of <c>ccb:run:{id}</c>).</summary>
public sealed record RunRow(string RunId, string? Status, string? FinalStatus, string? Reason, string? Error, string? Worker, int Attempts, string? Checkpoint)
{
    public bool IsTerminal => Status is "completed" or "failed" or "cancelled";

    /// <summary>Ids of the steps the checkpoint records as completed, and the step it resumes at.</summary>
    public (HashSet<string> Completed, string? Next) CheckpointSteps()
    {
        if (string.IsNullOrEmpty(Checkpoint))
        {
            return ([], null);
        }

        using var document = JsonDocument.Parse(Checkpoint);
        var completed = document.RootElement.GetProperty("completedSteps").EnumerateArray()
            .Select(s => s.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var next = document.RootElement.TryGetProperty("nextStepId", out var n) ? n.GetString() : null;
        return (completed, next);
    }
}

/// <summary>Bulk reads of the run store and of MockApis' call counts, for tests with hundreds of runs.</summary>
public static class RunLedger
{
    public const string RegistrationStep = "registration-api";
    public const string OrdersStep = "orders-api";

    private static readonly RedisValue[] Fields = ["st", "fs", "rs", "er", "wk", "at"];
    private static readonly RedisValue[] FieldsWithCheckpoint = ["st", "fs", "rs", "er", "wk", "at", "cp"];

    public static async Task<RunRow[]> ReadAsync(IDatabase db, IReadOnlyList<string> runIds, bool withCheckpoint = false)
    {
        var fields = withCheckpoint ? FieldsWithCheckpoint : Fields;
        var rows = new RunRow[runIds.Count];
        // Chunks keep each batch's replies small on a shared machine.
        for (var start = 0; start < runIds.Count; start += 250)
        {
            var batch = db.CreateBatch();
            var chunk = runIds.Skip(start).Take(250).ToArray();
            var reads = chunk.Select(id => batch.HashGetAsync($"ccb:run:{id}", fields)).ToArray();
            batch.Execute();
            var values = await Task.WhenAll(reads);
            for (var i = 0; i < chunk.Length; i++)
            {
                var v = values[i];
                rows[start + i] = new RunRow(chunk[i], v[0], v[1], v[2], v[3], v[4], v[5].IsNull ? 0 : (int)v[5],
                    withCheckpoint ? (string?)v[6] : null);
            }
        }

        return rows;
    }

    /// <summary>Waits until every run is terminal, reading the run store in bulk.</summary>
    public static Task<RunRow[]> WaitForTerminalAsync(IDatabase db, IReadOnlyList<string> runIds, TimeSpan timeout) =>
        Poll.UntilAsync(() => ReadAsync(db, runIds), rows => rows.All(r => r.IsTerminal), timeout,
            $"{runIds.Count} runs to end");

    public static string Summary(IEnumerable<RunRow> rows) =>
        string.Join(", ", rows.GroupBy(r => r.Status ?? "missing").OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"));

    /// <summary>A phone no other run uses; never ending in 0, which MockApis treats as unregistered.</summary>
    public static string UniquePhone(int prefix, int index) => $"+923{prefix:D2}{index:D6}1";

    public static string LocalPhone(string phone) => "0" + phone[3..];

    /// <summary>Successful (200) executions of the registration and orders steps for one run's phone.</summary>
    public static (long Registration, long Orders) SucceededCalls(JsonElement calls, string phone)
    {
        var phones = calls.GetProperty("succeeded").GetProperty("phones");
        var registration = phones.TryGetProperty(LocalPhone(phone), out var r) ? r.GetProperty("GET /registration").GetInt64() : 0;
        var orders = phones.TryGetProperty(phone, out var o) ? o.GetProperty("POST /orders").GetInt64() : 0;
        return (registration, orders);
    }

    public static readonly string[] Messages = ["where is my order", "I want a refund", "hello there", "status of my order please", "I need to return this"];

    /// <summary>Enqueues <paramref name="count"/> customer-care runs, each with its own phone, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<(string RunId, string Phone, string Message)[]> EnqueueManyAsync(HttpClient api, int prefix, int count, int concurrency = 32)
    {
        var result = new (string, string, string)[count];
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var phone = UniquePhone(prefix, i);
                var message = Messages[i % Messages.Length];
                result[i] = (await api.EnqueueAsync(message, phone), phone, message);
            }
            finally
            {
                gate.Release();
            }
        }));
        return result;
    }
}

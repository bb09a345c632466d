using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CustomerCareBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerCareBot.Tests.Reliability;

/// <summary>
/// Generated hostile webhooks (seeded, so a failure replays exactly): never a 5xx, every 4xx is problem details,
/// and exactly the 202s are stored.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class HostileInputTests(ReliabilityStackFixture stack, ITestOutputHelper output)
{
    private const int Payloads = 10_000;
    private const int Concurrency = 32;
    private const int Seed = 20_261_205;

    [Fact]
    public async Task Ten_thousand_generated_payloads_get_no_5xx_and_only_202s_are_stored()
    {
        var db = stack.Redis.GetDatabase();
        var recentBefore = await db.SortedSetLengthAsync("ccb:runs:recent");
        var statuses = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var accepted = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(Enumerable.Range(0, Payloads).Select(async i =>
        {
            // Each case has its own seed, so case i is the same whatever order the requests run in.
            var c = HostileCase.Generate(new Random(Seed + i), i);
            await gate.WaitAsync();
            try
            {
                using var content = new ByteArrayContent(c.Body);
                if (c.ContentType is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                }

                using var response = await stack.Api.PostAsync("/webhooks/customer-care", content);
                var code = (int)response.StatusCode;
                statuses.AddOrUpdate($"{c.Kind} {code}", 1, (_, n) => n + 1);
                var text = await response.Content.ReadAsStringAsync();
                if (code >= 500)
                {
                    failures.Enqueue($"case {i} ({c.Kind}) -> {code}: {Trim(text)} body={Trim(Encoding.UTF8.GetString(c.Body))}");
                }
                else if (code == 202)
                {
                    accepted.Add(JsonDocument.Parse(text).RootElement.GetProperty("runId").GetString()!);
                }
                else if (code is >= 400 and < 500 && ProblemDetailsProblem(response, text, code) is { } problem)
                {
                    failures.Enqueue($"case {i} ({c.Kind}) -> {code} not problem details ({problem}): {Trim(text)}");
                }
                else if (code is < 400 and not 202)
                {
                    failures.Enqueue($"case {i} ({c.Kind}) -> unexpected {code}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var sendTime = clock.Elapsed;

        var recentAfter = await db.SortedSetLengthAsync("ccb:runs:recent");
        var ids = accepted.ToArray();
        var rows = await RunLedger.WaitForTerminalAsync(db, ids, TimeSpan.FromSeconds(180));
        int Count(char first) => statuses.Where(s => s.Key.Split(' ')[^1][0] == first).Sum(s => s.Value);
        output.WriteLine($"hostile input: payloads={Payloads} in {sendTime.TotalSeconds:F1} s at concurrency {Concurrency} (seed {Seed}); 202={ids.Length}, 4xx={Count('4')}, 5xx={Count('5')}");
        output.WriteLine($"  stored: ccb:runs:recent +{recentAfter - recentBefore} (= 202s: {recentAfter - recentBefore == ids.Length}); accepted runs: {RunLedger.Summary(rows)}, lost={ids.Length - rows.Count(r => r.IsTerminal)}");
        foreach (var reason in rows.Where(r => r.Status == "failed").GroupBy(r => $"{r.Reason}: {Trim(r.Error ?? "")}").OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine($"  failed runs x{reason.Count()}: {reason.Key}");
        }

        foreach (var (key, count) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {key}: {count}");
        }

        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("  FAIL " + failure);
        }

        Assert.Empty(failures);
        Assert.Equal(ids.Length, recentAfter - recentBefore);
        Assert.True(ids.Length > 0, "no generated payload was valid");
        // Accepted means run: every 202 reached an end (hostile-but-valid payloads may fail inside the workflow).
        Assert.All(rows, r => Assert.True(r.IsTerminal, $"run {r.RunId} is {r.Status}"));
        await stack.WaitForEmptyBacklogAsync();
    }

    [Fact]
    public async Task Oversized_headers_and_bad_idempotency_keys_are_4xx_and_store_nothing()
    {
        var db = stack.Redis.GetDatabase();
        var before = await db.SortedSetLengthAsync("ccb:runs:recent");
        var valid = RunClient.CustomerCarePayload("hello").ToJsonString();
        var cases = new (string Name, Action<HttpRequestHeaders> Headers)[]
        {
            ("64 KB header", h => h.TryAddWithoutValidation("X-Padding", new string('a', 64 * 1024))),
            ("200 headers of 1 KB", h => { for (var i = 0; i < 200; i++) h.TryAddWithoutValidation($"X-Pad-{i}", new string('b', 1024)); }),
            ("idempotency key of 201 chars", h => h.TryAddWithoutValidation("Idempotency-Key", new string('k', 201))),
            ("idempotency key of 16 KB", h => h.TryAddWithoutValidation("Idempotency-Key", new string('k', 16 * 1024))),
            ("idempotency key with a space", h => h.TryAddWithoutValidation("Idempotency-Key", "two words")),
            ("idempotency key with a tab", h => h.TryAddWithoutValidation("Idempotency-Key", "tab\there")),
            ("idempotency key with Latin-1", h => h.TryAddWithoutValidation("Idempotency-Key", "caf\u00e9")),
            ("idempotency key with DEL", h => h.TryAddWithoutValidation("Idempotency-Key", "del\u007f")),
        };
        foreach (var (name, headers) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/customer-care")
            {
                Content = new StringContent(valid, Encoding.UTF8, "application/json"),
            };
            headers(request.Headers);
            int code;
            string type;
            try
            {
                using var response = await stack.Api.SendAsync(request);
                code = (int)response.StatusCode;
                type = response.Content.Headers.ContentType?.MediaType ?? "(no body)";
            }
            catch (HttpRequestException ex)
            {
                // Kestrel may answer 431 and close before the client has finished sending: still a refusal.
                code = -1;
                type = ex.Message;
            }

            output.WriteLine($"{name}: {(code < 0 ? "connection closed" : code.ToString(System.Globalization.CultureInfo.InvariantCulture))} {type}");
            Assert.True(code is -1 or (>= 400 and < 500), $"{name}: {code}");
        }

        Assert.Equal(before, await db.SortedSetLengthAsync("ccb:runs:recent"));
    }

    private static string? ProblemDetailsProblem(HttpResponseMessage response, string text, int code)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "none"}";
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.TryGetProperty("status", out var s) && s.GetInt32() == code && root.TryGetProperty("title", out _)
                ? null
                : "no matching status/title";
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "..." : text;
}

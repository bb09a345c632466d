using CustomerCareBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CustomerCareBot.Tests.Integration;

/// <summary>
/// The run explorer (/explorer) in a real headless Chromium (Debian's, never a downloaded one) against the whole stack:
/// a finished run is listed, opens, shows its steps and has its Mermaid diagram drawn as SVG.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ExplorerTests(StackFixture stack)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Fact]
    public async Task Explorer_lists_a_finished_run_and_shows_its_timeline_and_diagram()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's packages chromium and chromium-driver.");

        var runId = await stack.Api.EnqueueAsync("I want a refund");
        var run = await stack.Api.WaitForRunAsync(runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("routed_to_refunds", run.GetProperty("finalStatus").GetString());
        var branch = run.GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == "conditional-routing")
            .GetProperty("branch").GetString();
        Assert.False(string.IsNullOrEmpty(branch));

        SetDefaultExpectTimeout(20_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");

        try
        {
            var response = await page.GotoAsync(new Uri(stack.Api.BaseAddress!, "/explorer").ToString());
            Assert.NotNull(response);
            Assert.True(response.Ok, $"GET /explorer answered {response.Status}");
            Assert.EndsWith("/explorer/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

            // The run is among the recent runs, with its status and final status.
            var row = page.Locator($"#runs tbody tr[data-run-id='{runId}']");
            await Expect(row).ToBeVisibleAsync();
            await Expect(row.Locator("td.status")).ToHaveTextAsync("completed");
            await Expect(row.Locator("td.final-status")).ToHaveTextAsync("routed_to_refunds");

            // Filtering by status keeps it, and shows nothing but completed runs.
            await page.Locator("#filter-status").SelectOptionAsync("completed");
            await Expect(page.Locator("#runs tbody tr[data-status]:not([data-status='completed'])")).ToHaveCountAsync(0);
            await Expect(row).ToBeVisibleAsync();

            // Opening it shows the nine steps, the branch the router took, and the diagram drawn as SVG.
            await row.Locator("a.run-link").ClickAsync();
            await Expect(page.Locator("#run-panel")).ToBeVisibleAsync();
            await Expect(page.Locator("#run-id")).ToHaveTextAsync(runId);
            await Expect(page.Locator("#run-summary [data-field='final-status']")).ToHaveTextAsync("routed_to_refunds");

            var steps = page.Locator("#timeline tbody tr.step");
            await Expect(steps).ToHaveCountAsync(9);
            await Expect(steps.First).ToHaveAttributeAsync("data-step-id", "webhook-trigger");
            await Expect(steps.Last).ToHaveAttributeAsync("data-step-id", "terminate-refunds");
            await Expect(page.Locator("#timeline tbody tr.step:not([data-status='completed'])")).ToHaveCountAsync(0);
            await Expect(page.Locator("#timeline tr.step[data-step-id='conditional-routing'] td.branch")).ToHaveTextAsync(branch!);

            var diagram = page.Locator("#diagram");
            await Expect(diagram.Locator("svg")).ToBeVisibleAsync();
            await Expect(diagram).ToHaveAttributeAsync("data-rendered", "svg");
            // The Api's Mermaid text marks the nine executed steps as taken; Mermaid carries the class onto their nodes.
            await Expect(diagram.Locator("svg .node.taken")).ToHaveCountAsync(9);

            // The list refreshes by itself: a run that ends while the page is open shows up without a click.
            var next = await stack.Api.EnqueueAsync("where is my order status");
            await Expect(page.Locator($"#runs tbody tr[data-run-id='{next}'] td.final-status")).ToHaveTextAsync("order_status_returned");

            Assert.Empty(problems);
        }
        catch
        {
            await SaveScreenshotAsync(page);
            throw;
        }
    }

    /// <summary>What the page looked like when the test failed, beside the test assembly (best effort).</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        try
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "explorer-failure.png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
            // The browser is gone: the assertion's own message has to do.
        }
    }
}

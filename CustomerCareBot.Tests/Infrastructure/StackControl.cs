using System.Text;
using System.Text.Json;

namespace CustomerCareBot.Tests.Infrastructure;

/// <summary>The knobs tests turn on the running stack: Worker intake and MockApis faults.</summary>
public static class StackControl
{
    public static async Task PauseIntakeAsync(this StackFixture stack) =>
        (await stack.Worker.PostAsync("/intake/pause", null)).EnsureSuccessStatusCode();

    public static async Task ResumeIntakeAsync(this StackFixture stack) =>
        (await stack.Worker.PostAsync("/intake/resume", null)).EnsureSuccessStatusCode();

    public static async Task SetFaultsAsync(this StackFixture stack, object faults)
    {
        using var content = new StringContent(JsonSerializer.Serialize(faults), Encoding.UTF8, "application/json");
        (await stack.MockApis.PutAsync("/control/faults", content)).EnsureSuccessStatusCode();
    }

    public static async Task ResetFaultsAsync(this StackFixture stack) =>
        (await stack.MockApis.DeleteAsync("/control/faults")).EnsureSuccessStatusCode();

    public static async Task<JsonElement> CallsAsync(this StackFixture stack) =>
        await RunClient.ReadJsonAsync((await stack.MockApis.GetAsync("/control/calls")).EnsureSuccessStatusCode());

    public static Task<long> BacklogAsync(this StackFixture stack) =>
        stack.Redis.GetDatabase().StreamLengthAsync("ccb:runs:stream");

    public static Task WaitForEmptyBacklogAsync(this StackFixture stack) =>
        Poll.UntilAsync(stack.BacklogAsync, l => l == 0, TimeSpan.FromSeconds(60), "the stream backlog to drain");
}

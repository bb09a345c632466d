using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.MockApis.Tests;

public sealed class StartupTests
{
    [Theory]
    [InlineData("FailureRate", "1.5")]
    [InlineData("LatencyMs", "-1")]
    [InlineData("JitterMs", "9999999")]
    [InlineData("AccessToken", "")]
    public void Invalid_options_stop_the_service_at_start(string key, string value)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("MockApis:" + key, value);
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_settings_accept_the_dev_token()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Testing"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "dev-mock-token");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/registration/5551234567")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}

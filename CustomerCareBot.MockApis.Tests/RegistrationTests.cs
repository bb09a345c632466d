using System.Security.Cryptography;
using System.Text;

namespace CustomerCareBot.MockApis.Tests;

public sealed class RegistrationTests(MockApisFactory factory) : MockApisTestBase<MockApisFactory>(factory)
{
    private static readonly string[] Tiers = ["bronze", "silver", "gold"];

    [Fact]
    public async Task Registered_number_answers_the_customer_deterministically()
    {
        var first = await Client.GetAsync("/registration/5551234567");
        var second = await Client.GetAsync("/registration/5551234567");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await second.Content.ReadAsStringAsync());

        var json = JsonDocument.Parse(body).RootElement;
        Assert.True(json.GetProperty("registered").GetBoolean());
        Assert.Equal(ExpectedCustomerId("5551234567"), json.GetProperty("customerId").GetString());
        Assert.Equal("5551234567", json.GetProperty("phoneNumber").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("name").GetString()));
        Assert.Contains(json.GetProperty("tier").GetString(), Tiers);
    }

    [Theory]
    [InlineData("+4915112345678")]
    [InlineData("5550001")]
    [InlineData("07700 900123")]
    public async Task Customer_id_is_cus_and_the_sha256_prefix_of_the_number(string phone)
    {
        var response = await Client.GetAsync("/registration/" + Uri.EscapeDataString(phone));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal(ExpectedCustomerId(phone), json.GetProperty("customerId").GetString());
        Assert.Equal(phone, json.GetProperty("phoneNumber").GetString());
    }

    [Fact]
    public async Task Different_numbers_get_different_customers()
    {
        var a = await ReadJsonAsync(await Client.GetAsync("/registration/5551234567"));
        var b = await ReadJsonAsync(await Client.GetAsync("/registration/5557654321"));

        Assert.NotEqual(a.GetProperty("customerId").GetString(), b.GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task Bearer_token_is_accepted_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/5551234567");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + MockApisFactory.AccessToken);

        var response = await Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Number_ending_in_zero_is_not_registered()
    {
        var response = await Client.GetAsync("/registration/5551234560");

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("5551234560", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_token_is_unauthorized()
    {
        var response = await Anonymous.GetAsync("/registration/5551234567");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic " + MockApisFactory.AccessToken)]
    [InlineData(MockApisFactory.AccessToken + "x")]
    public async Task Wrong_token_is_unauthorized(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/5551234567");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await Anonymous.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    internal static string ExpectedCustomerId(string phone) =>
        "cus_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(phone)))[..8].ToLowerInvariant();
}

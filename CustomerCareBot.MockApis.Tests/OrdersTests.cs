namespace CustomerCareBot.MockApis.Tests;

public sealed class OrdersTests(MockApisFactory factory) : MockApisTestBase<MockApisFactory>(factory)
{
    private static readonly string[] Statuses = ["pending", "shipped", "delivered", "cancelled"];

    [Fact]
    public async Task Orders_are_deterministic_and_well_formed()
    {
        var first = await PostOrdersAsync("5551234567");
        var second = await PostOrdersAsync("5551234567");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await second.Content.ReadAsStringAsync());

        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("5551234567", json.GetProperty("store_number").GetString());
        var orders = json.GetProperty("orders");
        Assert.Equal(JsonValueKind.Array, orders.ValueKind);
        Assert.InRange(orders.GetArrayLength(), 0, 4);
        AssertOrders(orders);
    }

    [Fact]
    public async Task Order_counts_cover_zero_to_four_across_numbers()
    {
        var counts = new HashSet<int>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i <= 60; i++)
        {
            var phone = "55512340" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "1";
            var response = await PostOrdersAsync(phone);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var orders = (await ReadJsonAsync(response)).GetProperty("orders");
            counts.Add(orders.GetArrayLength());
            AssertOrders(orders);
            foreach (var order in orders.EnumerateArray())
            {
                Assert.True(ids.Add(order.GetProperty("orderId").GetString()!), "order ids are unique");
            }
        }

        Assert.Equal([0, 1, 2, 3, 4], counts.Order());
    }

    [Fact]
    public async Task Unregistered_number_has_no_orders()
    {
        var response = await PostOrdersAsync("5551234560");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await ReadJsonAsync(response)).GetProperty("orders").GetArrayLength());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"store_number": ""}""")]
    [InlineData("""{"store_number": null}""")]
    [InlineData("""{"store_number": 5551234567}""")]
    [InlineData("""{"store_number": """)]
    [InlineData("")]
    public async Task Missing_empty_or_malformed_store_number_is_a_bad_request_naming_the_field(string body)
    {
        var response = await Client.PostAsync("/orders", JsonContent(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("store_number", out _), problem.ToString());
    }

    [Fact]
    public async Task Body_without_content_type_is_still_read()
    {
        using var content = new StringContent("""{"store_number":"5551234567"}""");
        content.Headers.ContentType = null;

        var response = await Client.PostAsync("/orders", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_or_wrong_token_is_unauthorized()
    {
        await AssertProblemAsync(await PostOrdersAsync("5551234567", Anonymous), HttpStatusCode.Unauthorized);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent("""{"store_number":"5551234567"}""") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer nope");
        await AssertProblemAsync(await Anonymous.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    private static void AssertOrders(JsonElement orders)
    {
        foreach (var order in orders.EnumerateArray())
        {
            Assert.StartsWith("ord_", order.GetProperty("orderId").GetString(), StringComparison.Ordinal);
            Assert.Contains(order.GetProperty("status").GetString(), Statuses);
            var total = order.GetProperty("total");
            Assert.Equal(JsonValueKind.Number, total.ValueKind);
            Assert.True(total.GetDecimal() > 0);
        }
    }
}

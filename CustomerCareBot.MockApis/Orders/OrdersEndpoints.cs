using CustomerCareBot.MockApis.Faults;
using CustomerCareBot.MockApis.Registration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerCareBot.MockApis.Orders;

/// <summary><c>POST /orders</c>: the orders of the customer with a phone number.</summary>
internal static class OrdersEndpoints
{
    private const string StoreNumberField = "store_number";

    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/orders")
            .WithTags("Orders")
            .MapPost(string.Empty, PostOrdersAsync)
            .WithName("GetOrders")
            .WithSummary("Lists the orders (0-4, deterministic) of the customer with this phone number.")
            .WithDescription("Requires 'Authorization: <MockApis:AccessToken>' (or 'Bearer <token>'). Subject to the configured faults.")
            .DocumentJsonBody<OrdersRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async ValueTask<Results<Ok<OrdersResponse>, ValidationProblem, ProblemHttpResult>> PostOrdersAsync(
        HttpContext context, FaultInjector faults, CallCounter calls, AccessGuard guard, CustomerDirectory directory)
    {
        // The body is read first so that the call is counted against its phone number, faulted or not.
        var (ok, body) = await JsonBody.TryReadAsync(context.Request, MockJsonContext.Default.OrdersRequest);
        var phone = ok ? body?.StoreNumber : null;
        var tally = calls.Reached(MockRoute.Orders, string.IsNullOrWhiteSpace(phone) ? null : phone);

        if (await faults.ApplyAsync(context) is { } fault)
        {
            return fault;
        }

        if (!guard.IsValidAccessToken(context.Request.Headers.Authorization))
        {
            return Problems.Unauthorized("A valid access token is required in the Authorization header.");
        }

        if (!ok)
        {
            return Problems.Invalid(StoreNumberField, "The body must be a JSON object with a string 'store_number'.");
        }

        if (string.IsNullOrWhiteSpace(phone))
        {
            return Problems.Invalid(StoreNumberField, "The 'store_number' field is required.");
        }

        tally.Succeeded();
        return TypedResults.Ok(directory.Get(phone).Orders);
    }
}

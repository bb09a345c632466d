using CustomerCareBot.MockApis.Faults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerCareBot.MockApis.Registration;

/// <summary><c>GET /registration/{phone}</c>: is this phone number a registered customer?</summary>
internal static class RegistrationEndpoints
{
    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/registration")
            .WithTags("Registration")
            .MapGet("/{phone}", GetRegistrationAsync)
            .WithName("GetRegistration")
            .WithSummary("Looks up a customer by phone number.")
            .WithDescription("Requires 'Authorization: <MockApis:AccessToken>' (or 'Bearer <token>'). Numbers ending in 0 are not registered (404). Subject to the configured faults.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async ValueTask<Results<Ok<RegistrationResponse>, ProblemHttpResult>> GetRegistrationAsync(
        string phone, HttpContext context, FaultInjector faults, CallCounter calls, AccessGuard guard, CustomerDirectory directory)
    {
        var tally = calls.Reached(MockRoute.Registration, phone);
        if (await faults.ApplyAsync(context) is { } fault)
        {
            return fault;
        }

        if (!guard.IsValidAccessToken(context.Request.Headers.Authorization))
        {
            return Problems.Unauthorized("A valid access token is required in the Authorization header.");
        }

        if (directory.Get(phone).Registration is not { } registration)
        {
            return Problems.NotFound($"The phone number '{phone}' is not registered.");
        }

        tally.Succeeded();
        return TypedResults.Ok(registration);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerCareBot.MockApis;

/// <summary>Problem details (RFC 9457) answers shared by the mocked routes.</summary>
internal static class Problems
{
    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable");

    /// <summary>A status forced by the <c>X-Mock-Status</c> header; the title is left to the problem details writer.</summary>
    public static ProblemHttpResult Forced(int statusCode) =>
        TypedResults.Problem(detail: $"Status {statusCode} forced by the X-Mock-Status header.", statusCode: statusCode);

    /// <summary>A 400 validation problem naming the offending field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(1) { [field] = [message] });
}

namespace CustomerCareBot.Api;

/// <summary>Problem details that say what was wrong and where (<c>field</c>), the shape every refusal takes.</summary>
internal static class Problems
{
    public static IResult Create(int status, string title, string detail, string? field = null, IDictionary<string, object?>? extensions = null)
    {
        var ext = extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(extensions);
        if (field is not null)
        {
            ext["field"] = field;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: ext);
    }

    public static IResult ServiceUnavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);
    }
}

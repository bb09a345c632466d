using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Security;

/// <summary>Requires <c>X-Operator-Key</c> on a route group when <see cref="OperatorOptions.RequireKey"/> is on.</summary>
internal sealed class OperatorKeyFilter(IOptions<OperatorOptions> options, OperatorKeys keys) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!options.Value.RequireKey)
        {
            return next(context);
        }

        var presented = context.HttpContext.Request.Headers[OperatorKeys.HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status401Unauthorized, "Missing operator key",
                $"This endpoint requires an operator key in the {OperatorKeys.HeaderName} header.", $"header:{OperatorKeys.HeaderName}"));
        }

        return presented.Count == 1 && keys.Match(presented[0]) >= 0
            ? next(context)
            : ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status401Unauthorized, "Invalid operator key",
                $"The {OperatorKeys.HeaderName} header does not hold an accepted key.", $"header:{OperatorKeys.HeaderName}"));
    }
}

internal static class OperatorKeyExtensions
{
    /// <summary>Puts the operator-key requirement on every endpoint of a group (or on one endpoint).</summary>
    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, OperatorKeyFilter>();
}

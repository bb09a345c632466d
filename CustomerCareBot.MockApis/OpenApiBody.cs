using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CustomerCareBot.MockApis;

internal static class OpenApiBody
{
    /// <summary>
    /// Documents a JSON request body that the handler reads itself. Unlike <c>Accepts&lt;T&gt;</c> this does not make
    /// routing reject other content types with 415: load tools often post JSON without a Content-Type.
    /// </summary>
    public static RouteHandlerBuilder DocumentJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema },
                },
            };
        });
}

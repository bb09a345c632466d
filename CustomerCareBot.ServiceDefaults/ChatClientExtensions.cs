using System.ClientModel;
using System.Data.Common;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers an <see cref="IChatClient"/> for the OpenAI-compatible model named by a connection string
/// (<c>Endpoint=...;Key=...;Model=...</c>), with function invocation and OpenTelemetry, when one is configured.
/// </summary>
public static class ChatClientExtensions
{
    public static TBuilder AddChatClientFromConnectionString<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return builder;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Part(string key) => parts.TryGetValue(key, out var value) ? value?.ToString() ?? string.Empty : string.Empty;
        var endpoint = Part("Endpoint");
        var model = Part("Model");
        if (endpoint.Length == 0 || model.Length == 0)
        {
            throw new InvalidOperationException(
                $"Connection string '{connectionName}' needs Endpoint and Model (and Key for most providers): Endpoint=https://...;Key=...;Model=...");
        }

        var key = Part("Key") is { Length: > 0 } k ? k : "unused";
        builder.Services.AddChatClient(_ => new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(endpoint) })
                .GetChatClient(model)
                .AsIChatClient())
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: ServiceDefaultsExtensions.ChatClientTelemetryName);
        return builder;
    }
}

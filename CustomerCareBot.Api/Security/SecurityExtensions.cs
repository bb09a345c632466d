using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Security;

/// <summary>
/// Wires the Api's protections. Each is on by default outside Development and off in Development (webhook
/// authentication, operator key, rate limiting); configuration turns any of them on or off anywhere.
/// </summary>
internal static class SecurityExtensions
{
    public static WebApplicationBuilder AddApiSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var protectedByDefault = !builder.Environment.IsDevelopment();

        services.AddOptions<WebhookAuthOptions>()
            .Configure(o => o.Mode = protectedByDefault ? WebhookAuthMode.Hmac : WebhookAuthMode.None)
            .BindConfiguration(WebhookAuthOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookAuthOptions>, WebhookAuthOptionsValidator>();

        services.AddOptions<OperatorOptions>()
            .Configure(o => o.RequireKey = protectedByDefault)
            .BindConfiguration(OperatorOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();

        services.AddOptions<ClientRateLimitOptions>()
            .Configure(o => o.Enabled = protectedByDefault)
            .BindConfiguration(ClientRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<RequestLimitOptions>()
            .BindConfiguration(RequestLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = limits.Value.MaxRequestHeaderCount;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookApiKeys>();
        services.AddSingleton<OperatorKeys>();
        services.AddSingleton<ReplayGuard>();
        services.AddSingleton<WebhookAuthenticator>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<ClientRateLimitOptions>, WebhookApiKeys, OperatorKeys>((limiter, options, apiKeys, operatorKeys) =>
                ClientRateLimiting.Configure(limiter, options.Value, apiKeys, operatorKeys));

        // Outgoing calls carry secrets in headers (the MockApis token, model keys): whatever the log level, header values
        // are logged as '*' (the .NET 9+ default, stated here so that no later RedactLoggedHeaders call narrows it).
        services.ConfigureHttpClientDefaults(http => http.RedactLoggedHeaders(_ => true));
        return builder;
    }

    /// <summary>Adds the rate limiter to the pipeline when it is enabled (nothing at all when it is not).</summary>
    public static WebApplication UseApiSecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ClientRateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>The product's data classes: what may not reach logs and traces in clear.</summary>
public static class CustomerCareDataClassification
{
    public const string TaxonomyName = "CustomerCareBot";

    /// <summary>A customer's phone number (trigger payloads, registration look-ups <c>GET /registration/{phone}</c>).</summary>
    public static DataClassification PhoneNumber { get; } = new(TaxonomyName, nameof(PhoneNumber));
}

/// <summary>
/// Finds phone numbers in text meant for logs and spans (URIs, error messages) and replaces each with its
/// redacted form: <c>[phone:HASH]</c> with the HMAC redactor (same phone, same hash: correlation without the
/// number), or <c>[phone]</c> with the erasing redactor.
/// </summary>
public sealed partial class PhoneRedaction(IRedactorProvider redactors)
{
    private readonly Redactor _redactor = redactors.GetRedactor(CustomerCareDataClassification.PhoneNumber);

    // 7 to 15 digits (E.164 allows 15), with an optional '+' or URL-encoded '%2B', not part of a longer word
    // (so hex ids and stream entry ids embedded in words are left alone).
    [GeneratedRegex(@"(?:\+|%2[Bb]|(?<![0-9A-Za-z]))\d{7,15}(?![0-9A-Za-z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PhonePattern();

    /// <summary>The text with every phone-like number redacted; null stays null.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        try
        {
            return PhonePattern().Replace(text, match =>
            {
                var redacted = _redactor.Redact(match.Value);
                return redacted.Length == 0 ? "[phone]" : $"[phone:{redacted}]";
            });
        }
        catch (RegexMatchTimeoutException)
        {
            return "[redacted]";
        }
    }

    /// <summary>A URI for logs and spans: scheme, host, port and the path with phone numbers redacted; no query.</summary>
    public string? Redact(Uri? uri) => uri is null
        ? null
        : uri.IsAbsoluteUri
            ? $"{uri.Scheme}://{uri.Authority}{Redact(uri.AbsolutePath)}"
            : Redact(uri.OriginalString.Split('?')[0]);
}

/// <summary>
/// Replaces IHttpClientFactory's default request logging, which writes full URIs at Information (and a log
/// scope holding the URI that every log line inside the request inherits), with one line per request whose
/// URI has phone numbers redacted.
/// </summary>
internal sealed class RedactingHttpClientLogger(ILogger<RedactingHttpClientLogger> logger, PhoneRedaction redaction) : IHttpClientLogger
{
    // LoggerMessage.Define rather than [LoggerMessage]: two logging generators (the framework's and
    // Microsoft.Extensions.Telemetry's) are both active in this project.
    private static readonly Action<ILogger, HttpMethod, string?, int, double, Exception?> RequestEnded =
        LoggerMessage.Define<HttpMethod, string?, int, double>(LogLevel.Information, new EventId(1, "HttpRequestEnded"),
            "HTTP {HttpMethod} {Uri} answered {StatusCode} in {ElapsedMs:0.0} ms");

    private static readonly Action<ILogger, HttpMethod, string?, double, string?, Exception?> RequestFailed =
        LoggerMessage.Define<HttpMethod, string?, double, string?>(LogLevel.Warning, new EventId(2, "HttpRequestFailed"),
            "HTTP {HttpMethod} {Uri} failed after {ElapsedMs:0.0} ms: {Error}");

    public object? LogRequestStart(HttpRequestMessage request) => null;

    // Redacting costs a regex and strings per request: only when the line is written (Information is off by default).
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            RequestEnded(logger, request.Method, redaction.Redact(request.RequestUri), (int)response.StatusCode, elapsed.TotalMilliseconds, null);
        }
    }

    // The exception itself is not attached: its message and stack may carry the URI in clear.
    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            RequestFailed(logger, request.Method, redaction.Redact(request.RequestUri), elapsed.TotalMilliseconds,
                $"{exception.GetType().Name}: {redaction.Redact(exception.Message)}", null);
        }
    }
}

public static class RedactionExtensions
{
    /// <summary>Configuration key of an optional base64 HMAC key (at least 44 characters); without one, phones are erased.</summary>
    public const string PhoneHmacKeySetting = "Redaction:PhoneHmacKey";

    /// <summary>
    /// Registers redaction for <see cref="CustomerCareDataClassification.PhoneNumber"/> (HMAC when
    /// <see cref="PhoneHmacKeySetting"/> is set, erasing otherwise), <see cref="PhoneRedaction"/>, request logging of
    /// every HttpClient with redacted URIs, and redacted URLs and error descriptions on spans.
    /// </summary>
    public static TBuilder AddRedactionDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var hmacKey = builder.Configuration[PhoneHmacKeySetting];
        builder.Services.AddRedaction(redaction =>
        {
            var phones = new DataClassificationSet(CustomerCareDataClassification.PhoneNumber);
            if (string.IsNullOrWhiteSpace(hmacKey))
            {
                redaction.SetRedactor<ErasingRedactor>(phones);
            }
            else
            {
                redaction.SetHmacRedactor(o =>
                {
                    o.Key = hmacKey;
                    o.KeyId = 1;
                }, phones);
            }

            // Anything else classified and not mapped is erased rather than logged.
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        builder.Services.TryAddSingleton<PhoneRedaction>();
        builder.Services.TryAddSingleton<RedactingHttpClientLogger>();
        builder.Services.ConfigureHttpClientDefaults(http => http
            .RemoveAllLoggers()
            .AddLogger<RedactingHttpClientLogger>(wrapHandlersPipeline: true));
        builder.Services.TryAddSingleton<PhoneRedactingSpanProcessor>();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor<PhoneRedactingSpanProcessor>());
        return builder;
    }
}

/// <summary>
/// Redacts phone numbers in what spans carry in clear: HTTP client URLs (<c>GET .../registration/{phone}</c>) and
/// error descriptions (step and run spans copy the failing request's path into their status). Registered before
/// any exporter, so exporters only see the redacted values.
/// </summary>
internal sealed class PhoneRedactingSpanProcessor(PhoneRedaction redaction) : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "url.path", "http.url", "http.target"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string value)
            {
                data.SetTag(tag, redaction.Redact(value));
            }
        }

        if (data.StatusDescription is { Length: > 0 } description)
        {
            data.SetStatus(data.Status, redaction.Redact(description));
        }
    }
}

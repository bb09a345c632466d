using System.Text;
using CustomerCareBot.Api.Webhooks;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Api.Security;

/// <summary>
/// Decides whether a webhook request may go on, by the mode of its workflow: nothing, an API key, or a signature.
/// A signature is checked over the raw body before anything parses it: the body is read (within
/// <see cref="WebhookOptions.MaxBodyBytes"/>) but not consumed, so <see cref="WebhookBodyReader"/> then gets the same
/// bytes without another copy. Refusals are 401 problem details naming the header, and never repeat what was sent.
/// </summary>
internal sealed class WebhookAuthenticator
{
    private readonly WebhookAuthOptions _options;
    private readonly WebhookOptions _webhookOptions;
    private readonly WebhookApiKeys _apiKeys;
    private readonly ReplayGuard _replayGuard;
    private readonly TimeProvider _clock;
    private readonly byte[][] _secrets;

    public WebhookAuthenticator(IOptions<WebhookAuthOptions> options, IOptions<WebhookOptions> webhookOptions,
        WebhookApiKeys apiKeys, ReplayGuard replayGuard, TimeProvider clock)
    {
        _options = options.Value;
        _webhookOptions = webhookOptions.Value;
        _apiKeys = apiKeys;
        _replayGuard = replayGuard;
        _clock = clock;
        _secrets = _options.Secrets.Where(s => !string.IsNullOrEmpty(s)).Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>Null when the request may go on; otherwise the problem to answer with.</summary>
    public ValueTask<IResult?> AuthenticateAsync(HttpContext context, string workflowId) => _options.ModeFor(workflowId) switch
    {
        WebhookAuthMode.ApiKey => ValueTask.FromResult(CheckApiKey(context.Request)),
        WebhookAuthMode.Hmac => VerifySignatureAsync(context),
        _ => ValueTask.FromResult<IResult?>(null),
    };

    private IResult? CheckApiKey(HttpRequest request)
    {
        var presented = request.Headers[WebhookApiKeys.HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return Unauthorized("Missing API key", $"This webhook requires an API key in the {WebhookApiKeys.HeaderName} header.",
                WebhookApiKeys.HeaderName);
        }

        return presented.Count == 1 && _apiKeys.Match(presented[0]) >= 0
            ? null
            : Unauthorized("Invalid API key", $"The {WebhookApiKeys.HeaderName} header does not hold an accepted key.", WebhookApiKeys.HeaderName);
    }

    private async ValueTask<IResult?> VerifySignatureAsync(HttpContext context)
    {
        var request = context.Request;
        var raw = request.Headers[SignatureVerifier.HeaderName];
        if (raw.Count == 0 || string.IsNullOrWhiteSpace(raw[0]))
        {
            return Unauthorized("Missing signature",
                $"This webhook must be signed: {SignatureVerifier.HeaderName}: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"{{t}}.{{body}}\">.",
                SignatureVerifier.HeaderName);
        }

        if (raw.Count > 1 || SignatureVerifier.Parse(raw[0]) is not { } header)
        {
            return Unauthorized("Malformed signature",
                $"The {SignatureVerifier.HeaderName} header must be 't=<unix seconds>,v1=<64 hex digits>' (v1 may repeat).",
                SignatureVerifier.HeaderName);
        }

        var window = _options.ReplayWindow;
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        switch (SignatureVerifier.CheckTimestamp(header.Timestamp, now, window))
        {
            case TimestampCheck.Expired:
                return Unauthorized("Signature expired",
                    $"The signature's timestamp is more than {window.TotalSeconds:F0} s old; sign each delivery when sending it.",
                    SignatureVerifier.HeaderName);
            case TimestampCheck.Future:
                return Unauthorized("Signature from the future",
                    $"The signature's timestamp is more than {window.TotalSeconds:F0} s ahead of the server's clock.",
                    SignatureVerifier.HeaderName);
        }

        var limit = _webhookOptions.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return BodyTooLarge(limit);
        }

        var reader = request.BodyReader;
        byte[] digest;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return BodyTooLarge(limit);
            }

            if (!read.IsCompleted && !read.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            // The whole body is here: check it while the buffer is still ours, then hand it back unconsumed.
            var secret = SignatureVerifier.Match(header, buffer, _secrets);
            digest = secret >= 0 ? SignatureVerifier.PayloadDigest(header.Timestamp, buffer) : [];
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (secret < 0)
            {
                return Unauthorized("Invalid signature",
                    $"No v1 signature in {SignatureVerifier.HeaderName} matches the body with an active secret.",
                    SignatureVerifier.HeaderName);
            }

            break;
        }

        // Remembered until the timestamp leaves the window, so a replay is refused for as long as it could be accepted.
        var timeToLive = TimeSpan.FromSeconds(header.Timestamp + (long)window.TotalSeconds - now + 1);
        return await _replayGuard.TryRecordAsync(digest, timeToLive)
            ? null
            : Unauthorized("Signature already used",
                "This signed request was already accepted; sign each delivery (a new t) when sending it again.",
                SignatureVerifier.HeaderName);
    }

    private static IResult Unauthorized(string title, string detail, string header) =>
        Problems.Create(StatusCodes.Status401Unauthorized, title, detail, $"header:{header}");

    private static IResult BodyTooLarge(int limit) => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The webhook body exceeds the limit of {limit} bytes.", "body");
}

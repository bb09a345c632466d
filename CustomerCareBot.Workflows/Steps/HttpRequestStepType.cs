using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerCareBot.Workflows;

/// <summary>
/// <c>httpRequest</c>: calls a named service (base URL from <c>Workflows:Services:{name}</c>) through
/// IHttpClientFactory's "workflows" client. Secrets enter only via <c>{{secret:name}}</c> in headers and never reach
/// the trace. <c>onError: continue</c> stores <c>fallback</c> instead of failing.
/// </summary>
public sealed class HttpRequestStepType : IStepType
{
    public const string HttpClientName = "workflows";
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    public string Name => "httpRequest";

    public IStepAction Compile(StepCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var service = context.RequiredString("service");
        var method = context.RequiredString("method")?.ToUpperInvariant();
        if (method is not null && !Methods.Contains(method)) context.Error("method", $"must be one of {string.Join(", ", Methods)}");
        var path = context.RequiredText("path");
        var headers = new List<(string, TextTemplate)>();
        if (context.Fields["headers"] is JsonObject headerFields)
        {
            foreach (var (name, value) in headerFields)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text)) headers.Add((name, context.Text($"headers.{name}", text, allowSecrets: true)));
                else context.Error($"headers.{name}", "must be a string");
            }
        }
        else if (context.Fields.ContainsKey("headers"))
        {
            context.Error("headers", "must be an object");
        }

        var continueOnError = false;
        switch (context.OptionalString("onError"))
        {
            case null or "fail": break;
            case "continue": continueOnError = true; break;
            default: context.Error("onError", "must be 'fail' or 'continue'"); break;
        }

        var fallback = context.OptionalValue("fallback");
        if (fallback is not null && !continueOnError) context.Error("fallback", "only applies with onError 'continue'");
        return new Action(service ?? "", new HttpMethod(method ?? "GET"), path, [.. headers], context.OptionalValue("body"),
            continueOnError, fallback, context.OptionalString("saveAs"), context.Next());
    }

    private sealed class Action(string service, HttpMethod method, TextTemplate? path, (string Name, TextTemplate Value)[] headers,
        ValueTemplate? body, bool continueOnError, ValueTemplate? fallback, string? saveAs, StepLink? next) : IStepAction
    {
        public IReadOnlyList<StepLink> Links { get; } = next is null ? [] : [next];

        public bool IsTerminal => false;

        public bool PerformsIo(StepServices services) => true;

        public async ValueTask<StepOutcome> ExecuteAsync(RunContext run, CancellationToken cancellationToken)
        {
            JsonNode? result;
            string note;
            try
            {
                (result, note) = await SendAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !run.RunCancellation.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? "timed out" : ex.Message;
                if (!continueOnError) throw new StepFailedException($"{method} {service}: {reason}", inner: ex);
                result = fallback is null ? null : run.Render(fallback);
                note = $"{method} {service} failed ({reason}); continued with fallback";
            }

            if (saveAs is not null) run.Globals[saveAs] = result;
            return new StepOutcome(next?.Target, Note: note);
        }

        private async Task<(JsonNode?, string)> SendAsync(RunContext run, CancellationToken cancellationToken)
        {
            var options = run.Services.Options;
            if (!options.Services.TryGetValue(service, out var baseUrl) || string.IsNullOrWhiteSpace(baseUrl))
            {
                throw new StepFailedException($"service '{service}' has no base URL (configure Workflows:Services:{service})");
            }

            var relative = path is null ? "" : run.Render(path);
            var uri = new Uri(baseUrl.TrimEnd('/') + "/" + relative.TrimStart('/'), UriKind.Absolute);
            using var request = new HttpRequestMessage(method, uri);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, run.Render(value, run.Services.ResolveSecret));
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(run.Render(body), WorkflowJsonContext.Default.JsonNode));
                request.Content.Headers.ContentType = JsonMediaType;
            }

            var client = run.Services.HttpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {status} from {method} {service} {uri.AbsolutePath}", null, response.StatusCode);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                JsonNode? result = null;
                if (response.Content.Headers.ContentLength is not 0)
                {
                    try
                    {
                        result = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (JsonException ex)
                    {
                        throw new HttpRequestException($"{method} {service} returned a body that is not JSON: {ex.Message}", ex);
                    }
                }

                return (result, $"{method} {service} {uri.AbsolutePath} -> {status}");
            }
        }
    }
}

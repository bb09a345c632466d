using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

// In the root namespace so that Program.cs needs only `app.MapExplorer();`.
namespace CustomerCareBot.Api;

/// <summary>
/// The run explorer: a small page at <c>/explorer/</c> over <c>/runs</c>, <c>/runs/{id}</c> and <c>/runs/{id}/diagram</c>.
/// Its files (<c>Explorer/site/</c>, and Mermaid's <c>vendor/mermaid.min.js</c> copied from npm by the build) are
/// embedded in this assembly under <see cref="ResourcePrefix"/>, so the page needs nothing on disk. The page links its
/// assets with <c>?v=</c> (a hash of their content): such requests are cached for a year, the page itself is
/// revalidated on every load (ETag), and text is sent gzip-compressed when the browser accepts it.
/// </summary>
internal static class ExplorerEndpoints
{
    /// <summary>Logical-name prefix of the embedded files (set in CustomerCareBot.Api.csproj).</summary>
    public const string ResourcePrefix = "explorer/";

    private const string IndexFile = "index.html";

    // Mermaid puts <style> into the SVG it draws and style attributes on its nodes: styles must allow 'unsafe-inline'.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Lazy<FrozenDictionary<string, ExplorerAsset>> Assets =
        new(() => LoadAssets(typeof(ExplorerEndpoints).Assembly), LazyThreadSafetyMode.ExecutionAndPublication);

    public static IEndpointRouteBuilder MapExplorer(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/explorer").WithTags("Explorer").ExcludeFromDescription();

        // "/explorer" and "/explorer/" both land here; the page uses relative URLs, so it must be served from "/explorer/".
        group.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
                context.Request.Path.Value?.EndsWith('/') == true
                    ? ServeFile(context, IndexFile)
                    : TypedResults.Redirect($"{context.Request.PathBase}{context.Request.Path}/{context.Request.QueryString}"))
            .WithName("Explorer");

        group.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string path) => ServeFile(context, path))
            .WithName("ExplorerAsset");

        return app;
    }

    private static IResult ServeFile(HttpContext context, string path)
    {
        if (!Assets.Value.TryGetValue(path, out var asset))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", $"The explorer has no file '{path}'.", "route:path");
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = HeaderNames.AcceptEncoding;
        if (path == IndexFile)
        {
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
        else
        {
            // Only a request for this exact content (?v=<its hash>) may be kept: any other is revalidated.
            headers.CacheControl = context.Request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        }

        if (asset.Gzipped is { } gzipped && AcceptsGzip(context.Request))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(gzipped.Value, asset.ContentType, entityTag: asset.GzipETag);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var encoding in request.GetTypedHeaders().AcceptEncoding)
        {
            if ((encoding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Value == "*") && encoding.Quality is not 0)
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenDictionary<string, ExplorerAsset> LoadAssets(Assembly assembly)
    {
        var contentTypes = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[normalized[ResourcePrefix.Length..]] = buffer.ToArray();
        }

        var assets = new Dictionary<string, ExplorerAsset>(StringComparer.Ordinal);
        foreach (var (path, content) in files.Where(f => f.Key != IndexFile))
        {
            assets[path] = ExplorerAsset.Create(path, content, contentTypes);
        }

        if (files.TryGetValue(IndexFile, out var index))
        {
            // Link every asset by its content hash: "explorer.js" -> "explorer.js?v=…".
            var html = Encoding.UTF8.GetString(index);
            foreach (var (path, asset) in assets)
            {
                html = html.Replace($"\"{path}\"", $"\"{path}?v={asset.Version}\"", StringComparison.Ordinal);
            }

            assets[IndexFile] = ExplorerAsset.Create(IndexFile, Encoding.UTF8.GetBytes(html), contentTypes);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record ExplorerAsset(
        byte[] Content, string ContentType, string Version, EntityTagHeaderValue ETag, EntityTagHeaderValue GzipETag, Lazy<byte[]>? Gzipped)
    {
        public static ExplorerAsset Create(string path, byte[] content, FileExtensionContentTypeProvider contentTypes)
        {
            var contentType = contentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
            var text = contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal)
                       || contentType.EndsWith("json", StringComparison.Ordinal) || contentType.EndsWith("svg+xml", StringComparison.Ordinal);
            if (text)
            {
                contentType += "; charset=utf-8";
            }

            var version = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8));
            return new ExplorerAsset(content, contentType, version,
                new EntityTagHeaderValue($"\"{version}\""), new EntityTagHeaderValue($"\"{version}-gz\""),
                text && content.Length > 1024 ? new Lazy<byte[]>(() => Gzip(content), LazyThreadSafetyMode.ExecutionAndPublication) : null);
        }

        private static byte[] Gzip(byte[] content)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(content);
            }

            return buffer.ToArray();
        }
    }
}

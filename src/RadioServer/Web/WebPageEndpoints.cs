using System.Net;
using System.Reflection;
using System.Text;
using RadioServer.Configuration;

namespace RadioServer.Web;

/// <summary>
/// The station's web page at <c>/</c> (also <c>/index.html</c>), its stylesheet and script, embedded in the
/// assembly so the page ships inside the one program. The station name and description are written into
/// the HTML once at start; everything live comes from <c>api/nowplaying/events</c>. Every URL in the page
/// is relative, so it works behind a reverse proxy under a sub-path.
/// </summary>
internal static class WebPageEndpoints
{
    public static void Map(WebApplication app)
    {
        var o = app.Services.GetRequiredService<StationOptions>();
        string html = Read("index.html")
            .Replace("{{name}}", WebUtility.HtmlEncode(o.Name), StringComparison.Ordinal)
            .Replace("{{description}}", WebUtility.HtmlEncode(o.Description), StringComparison.Ordinal);
        var page = Asset(html, "text/html; charset=utf-8", ContentSecurityPolicy);
        app.MapGet("/", page);
        app.MapGet("/index.html", page);
        app.MapGet("/style.css", Asset(Read("style.css"), "text/css; charset=utf-8"));
        app.MapGet("/app.js", Asset(Read("app.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/vendor/hls.light.min.js", Embedded("vendor.hls.light.min.js", "text/javascript; charset=utf-8"));
        app.MapGet("/vendor/hls.js-LICENSE.txt", Embedded("vendor.hls.js-LICENSE.txt", "text/plain; charset=utf-8"));
    }

    /// <summary>
    /// The page's policy, which it satisfies: its script, stylesheet, event stream, JSON and audio all come from the
    /// station itself (every URL in it is relative), no inline script or style attribute, no frames of it elsewhere.
    /// <c>media-src blob:</c> is for hls.js, which plays through Media Source Extensions (the audio element's source is a
    /// <c>blob:</c> URL of its MediaSource). No <c>worker-src</c>: the page runs hls.js without its worker (a
    /// <c>blob:</c> script), as remuxing audio alone costs the main thread next to nothing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src 'self' blob:; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private static RequestDelegate Asset(string text, string contentType, string? policy = null)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        string etag = $"\"{Fnv1a(body):x16}\"";
        return c =>
        {
            c.Response.Headers.ETag = etag;
            c.Response.Headers.CacheControl = "no-cache"; // revalidate: cheap with the ETag, and a new version shows at once
            c.Response.Headers.XContentTypeOptions = "nosniff";
            if (policy is not null)
            {
                c.Response.Headers.ContentSecurityPolicy = policy;
            }

            return (c.Request.Headers.IfNoneMatch.ToString() == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(body, contentType)).ExecuteAsync(c);
        };
    }

    /// <summary>
    /// A larger embedded file (the vendored hls.js, about 390 KB) served straight from the assembly's resource on each
    /// request instead of a copy held in memory: the ETag is computed once at start, the body is never kept.
    /// </summary>
    private static RequestDelegate Embedded(string name, string contentType)
    {
        string etag;
        using (var stream = Open(name))
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            etag = $"\"{Fnv1a(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)):x16}\"";
        }

        return c =>
        {
            c.Response.Headers.ETag = etag;
            c.Response.Headers.CacheControl = "no-cache";
            c.Response.Headers.XContentTypeOptions = "nosniff";
            return (c.Request.Headers.IfNoneMatch.ToString() == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Stream(Open(name), contentType)).ExecuteAsync(c);
        };
    }

    /// <summary>
    /// 64-bit FNV-1a: the ETag needs no cryptographic hash, and SHA-256 here loaded OpenSSL (libcrypto, about 5 MB
    /// resident) at startup into every station, most of which never need it.
    /// </summary>
    internal static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return hash;
    }

    private static string Read(string name)
    {
        using var stream = Open(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static Stream Open(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("RadioServer.Web." + name)
            ?? throw new InvalidOperationException($"embedded resource Web/{name} is missing");
}

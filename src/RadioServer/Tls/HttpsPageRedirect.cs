using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace RadioServer.Tls;

/// <summary>
/// <c>tls.redirect_page_to_https</c>: the web page (<c>/</c>, <c>/index.html</c>, its stylesheet and script) asked for
/// over http:// is redirected to the station's HTTPS address. Nothing else is: stream mounts (old hardware radios
/// speak only http://, and mounts never reach this pipeline anyway), the API, status pages and admin stay as asked.
/// </summary>
internal static class HttpsPageRedirect
{
    private static readonly HashSet<string> PagePaths = new(StringComparer.Ordinal) { "/", "/index.html", "/style.css", "/app.js" };

    public static void Use(WebApplication app)
    {
        var server = app.Services.GetRequiredService<IServer>();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!request.IsHttps && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && PagePaths.Contains(request.Path.Value ?? "") && HttpsPort(server) is int port)
            {
                string host = request.Host.Host.Contains(':', StringComparison.Ordinal) ? $"[{request.Host.Host}]" : request.Host.Host;
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = $"https://{host}{(port == 443 ? "" : ":" + port)}{request.PathBase}{request.Path}{request.QueryString}";
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>The port of the first HTTPS address the server is bound to (known only once it has started).</summary>
    private static int? HttpsPort(IServer server)
    {
        foreach (string address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return uri.Port;
            }
        }

        return null;
    }
}

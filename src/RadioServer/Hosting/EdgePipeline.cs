using Microsoft.AspNetCore.Server.Kestrel.Core;
using RadioServer.Configuration;
using RadioServer.Connections.Transport;
using RadioServer.Icecast;
using RadioServer.Safety;
using RadioServer.Tls;

namespace RadioServer.Hosting;

/// <summary>
/// What stands between the open internet and the endpoints: Kestrel's connection ceiling, the forwarded headers of
/// trusted proxies, the page's redirect to HTTPS, <c>nosniff</c> on every response, and the guard in front of <c>/admin/</c>. Kept apart from
/// <see cref="RadioServerApp"/> so the order is written down in one place.
/// </summary>
internal static class EdgePipeline
{
    /// <summary>
    /// <c>max_connections</c>: past it the Icecast middleware answers 503 at once (<see cref="ConnectionCeiling"/>);
    /// Kestrel closes connections only past a margin above, kept for those answers.
    /// </summary>
    public static void ConfigureKestrel(KestrelServerOptions kestrel, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        kestrel.Limits.MaxConcurrentConnections = ConnectionCeiling.KestrelLimit(options);
    }

    /// <summary>
    /// TCP endpoints are served by <see cref="StationSocketTransport"/> (which lets the stream path take a listener's
    /// socket); Kestrel's own socket transport keeps the rest (Unix sockets), with the same listen backlog.
    /// </summary>
    public static void ConfigureSockets(Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        sockets.Backlog = StationSocketTransport.Backlog;
    }

    /// <summary>Adds the middleware, in order, before any endpoint runs.</summary>
    public static void Use(WebApplication app, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ForwardedHeadersSetup.Use(app, app.Services.GetRequiredService<TrustedProxies>());
        if (options.Tls.RedirectPageToHttps)
        {
            HttpsPageRedirect.Use(app); // after the forwarded headers: a proxy's X-Forwarded-Proto: https is not redirected again
        }

        SecurityHeaders.Use(app);
        AdminGuard.Use(app);
    }
}

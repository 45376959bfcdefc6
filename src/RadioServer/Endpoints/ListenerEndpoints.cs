using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using RadioServer.Hosting;

namespace RadioServer.Endpoints;

/// <summary>
/// The HTTP-level side of listener mounts: CORS preflight, the Icecast 404 page, and GET/HEAD for requests
/// that reach Kestrel's HTTP stack (a later request on a kept-alive connection; the first request on every
/// connection is answered by <see cref="IcecastConnectionMiddleware"/>).
/// </summary>
internal static class ListenerEndpoints
{
    public const string NotFoundBody = "<html><head><title>Error 404</title></head><body><b>404 - The file you requested could not be found</b></body></html>\r\n";

    public static void Map(WebApplication app, Station station)
    {
        foreach (var mount in station.Mounts.All)
        {
            app.MapMethods(mount.Path, ["GET", "HEAD"], async (HttpContext context, ListenerService listeners, TimeProvider time) =>
            {
                bool icy = context.Request.Headers["Icy-MetaData"].ToString() is { } v && int.TryParse(v, out int n) && n >= 1;
                foreach (var (name, value) in StreamHeaders.Build(station.Options, mount.Options, icy, time.GetUtcNow()))
                {
                    context.Response.Headers[name] = value;
                }

                if (HttpMethods.IsHead(context.Request.Method))
                {
                    return;
                }

                if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
                {
                    rate.MinDataRate = null; // slow listeners are handled by the broadcast buffer's queue limit
                }

                await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                string remote = context.Connection.RemoteIpAddress?.ToString() ?? "?";
                await listeners.ServeAsync(mount, context.Response.BodyWriter, icy, remote, context.Request.Headers.UserAgent.ToString(), context.RequestAborted).ConfigureAwait(false);
            });

            app.MapMethods(mount.Path, ["OPTIONS"], (HttpContext context) =>
            {
                var h = context.Response.Headers;
                h.AccessControlAllowOrigin = "*";
                h.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
                h.AccessControlAllowHeaders = "Icy-MetaData, Range";
                h.AccessControlExposeHeaders = StreamHeaders.ExposedHeaders;
                h.AccessControlMaxAge = "86400";
                return Results.NoContent();
            });
        }

        app.MapFallback("{**path}", static (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Content(NotFoundBody, "text/html; charset=utf-8", System.Text.Encoding.UTF8, StatusCodes.Status404NotFound);
        });
    }
}

using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using RadioServer.Hosting;
using RadioServer.Listeners;

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
                ListenerSession? session = null;
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    string ip = context.Connection.RemoteIpAddress?.ToString() ?? "-";
                    string request = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {context.Request.Protocol}";
                    session = listeners.TryAdmit(mount, ip, context.Request.Headers.UserAgent.ToString(), request, context.Request.Headers.Referer.ToString(), out string? rejection);
                    if (session is null)
                    {
                        foreach (var (name, value) in StreamHeaders.Common(station.Options, "text/plain; charset=utf-8", time.GetUtcNow()))
                        {
                            context.Response.Headers[name] = value;
                        }

                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        await context.Response.WriteAsync(rejection!, context.RequestAborted).ConfigureAwait(false);
                        return;
                    }
                }

                foreach (var (name, value) in StreamHeaders.Build(station.Options, mount.Options, icy, time.GetUtcNow()))
                {
                    context.Response.Headers[name] = value;
                }

                if (session is null)
                {
                    return;
                }

                if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
                {
                    rate.MinDataRate = null; // slow listeners are handled by the broadcast buffer's queue limit
                }

                await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                await listeners.ServeAsync(session, context.Response.BodyWriter, icy, context.RequestAborted).ConfigureAwait(false);
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

        app.MapFallback("{**path}", (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            IcecastResults.SetReason(context, "File Not Found");
            return Results.Content(NotFoundBody, "text/html; charset=utf-8", System.Text.Encoding.UTF8, StatusCodes.Status404NotFound);
        });
    }
}

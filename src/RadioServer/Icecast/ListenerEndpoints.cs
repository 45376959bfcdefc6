using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using RadioServer.Listeners;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Icecast;

/// <summary>
/// The HTTP-level side of listener mounts: CORS preflight, the Icecast 404 page, and GET/HEAD for requests
/// that reach Kestrel's HTTP stack (a later request on a kept-alive connection; the first request on every
/// connection is answered by the Icecast connection middleware (<c>Connections/</c>)).
/// </summary>
internal static class ListenerEndpoints
{
    public const string NotFoundBody = "<html><head><title>Error 404</title></head><body><b>404 - The file you requested could not be found</b></body></html>\r\n";

    public static void Map(WebApplication app)
    {
        foreach (var mount in app.Services.GetRequiredService<MountRegistry>().All)
        {
            app.MapMethods(mount.Path, ["GET", "HEAD"], async (HttpContext context, ListenerAdmission admission, ListenerService listeners) =>
            {
                var request = context.Request;
                var answer = admission.Admit(mount, new ListenerAdmission.Request(request.Method, context.Connection.RemoteIpAddress?.ToString() ?? "-",
                    request.Headers.UserAgent.ToString(), $"{request.Method} {request.Path}{request.QueryString} {request.Protocol}",
                    request.Headers.Referer.ToString(), request.Headers["Icy-MetaData"].ToString()));
                foreach (var (name, value) in answer.Headers)
                {
                    context.Response.Headers[name] = value;
                }

                context.Response.StatusCode = answer.Status;
                if (answer.Session is not { } session)
                {
                    await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
                {
                    rate.MinDataRate = null; // slow listeners are handled by the broadcast buffer's queue limit
                }

                try
                {
                    await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                }
                catch
                {
                    listeners.Abandon(session); // the client left before its response began: it is not counted on
                    throw;
                }

                await listeners.ServeAsync(session, new PipeListenerOutput(context.Response.BodyWriter), ReadOnlyMemory<byte>.Empty, answer.IcyMetadata, context.RequestAborted).ConfigureAwait(false);
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

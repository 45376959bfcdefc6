using System.Security.Cryptography;
using System.Text;
using RadioServer.Configuration;
using RadioServer.Playout;

namespace RadioServer.Api;

/// <summary>
/// The operator's control API, behind a bearer token (<c>station.control_token</c>; off when empty):
/// <c>GET /api/queue</c> (now playing and waiting requests), <c>POST /api/requests?track=…</c> (queue a track of the
/// schedule's library, by path or file name), <c>POST /api/skip</c> (fade out the item on air). Requests play after
/// any due insert or station ID, never instead of them.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(WebApplication app)
    {
        var station = app.Services.GetRequiredService<StationPlayout>();
        string token = app.Services.GetRequiredService<StationOptions>().ControlToken;
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext, token) is { } denied ? denied : await next(context).ConfigureAwait(false));

        api.MapGet("/queue", () => Results.Ok(Queue(station)));
        api.MapPost("/requests", (string? track) =>
        {
            if (station.Scheduler is not { } scheduler)
            {
                return Results.Conflict(new { error = "the station plays a plain playlist (no station.schedule): requests need a schedule" });
            }

            if (string.IsNullOrWhiteSpace(track) || scheduler.FindTrack(track) is not { } found)
            {
                return Results.NotFound(new { error = $"no track '{track}' in the schedule's playlists" });
            }

            scheduler.Request(found);
            return Results.Accepted("/api/queue", Queue(station));
        });
        api.MapPost("/skip", () =>
        {
            station.Skip();
            return Results.Accepted("/api/queue", Queue(station));
        });
    }

    private static object Queue(StationPlayout station) => new
    {
        nowPlaying = station.Bus.Current?.Item.Track.DisplayTitle,
        why = station.Bus.Current?.Item.Reason,
        requests = (station.Scheduler?.PendingRequests ?? []).Select(t => new { title = t.DisplayTitle, path = t.Path }).ToList(),
    };

    private static IResult? Authorized(HttpContext context, string token)
    {
        if (token.Length == 0)
        {
            return Results.NotFound();
        }

        string header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        // Both sides hashed to 32 bytes first: FixedTimeEquals returns at once on a length mismatch, which would
        // tell an attacker the token's length.
        bool ok = header.StartsWith(prefix, StringComparison.Ordinal)
                  & CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header.Length > prefix.Length ? header[prefix.Length..].Trim() : "")),
                      SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (!ok)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Unauthorized();
        }

        return null;
    }
}

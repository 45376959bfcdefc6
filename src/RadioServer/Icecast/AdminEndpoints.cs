using System.Globalization;
using System.Text;
using RadioServer.Configuration;
using RadioServer.Listeners;
using RadioServer.NowPlaying;
using RadioServer.Playout.Live;
using RadioServer.Safety;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Icecast;

/// <summary>
/// Icecast's admin interface with its exact bodies: stats, listmounts, listclients, metadata, killclient,
/// moveclients and the master/slave streamlist. Mount commands accept the admin or the source credentials;
/// the others only admin (streamlist: relay), as Icecast 2.4.4 does.
/// </summary>
internal static partial class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        var o = app.Services.GetRequiredService<StationOptions>();
        var mounts = app.Services.GetRequiredService<MountRegistry>();
        var live = app.Services.GetRequiredService<LiveInput>();

        app.MapGet("/admin/stats", (HttpContext c, ListenerService listeners) =>
        {
            if (Credentials.Check(c.Request, o) != Role.Admin)
            {
                return IcecastResults.Unauthorized(c);
            }

            var snapshot = StatusSnapshot.Take(o, mounts, listeners.Count, o.Hostname, c.Connection.LocalPort, includeHidden: true, c.RequestServices.GetService<Hls.HlsAudience>());
            var xml = new StringBuilder("<icestats>");
            foreach (var (k, v) in snapshot.Global)
            {
                xml.Append(Element(k, v));
            }

            foreach (var (path, fields) in snapshot.Sources.Where(s => c.Request.Query["mount"].ToString() is not { Length: > 0 } m || s.Path == m))
            {
                xml.Append(CultureInfo.InvariantCulture, $"<source mount=\"{IcecastResults.Escape(path)}\">");
                foreach (var (k, v) in fields)
                {
                    xml.Append(Element(k, v));
                }

                xml.Append("</source>");
            }

            return IcecastResults.Xml(xml.Append("</icestats>").ToString());
        });

        app.MapGet("/admin/listmounts", (HttpContext c, TimeProvider time) =>
        {
            if (Credentials.Check(c.Request, o) != Role.Admin)
            {
                return IcecastResults.Unauthorized(c);
            }

            var xml = new StringBuilder("<icestats>");
            foreach (var m in mounts.All)
            {
                long connected = (long)(time.GetUtcNow() - m.Started).TotalSeconds;
                xml.Append(CultureInfo.InvariantCulture,
                    $"<source mount=\"{IcecastResults.Escape(m.Path)}\"><fallback></fallback><listeners>{m.Listeners}</listeners><Connected>{connected}</Connected><content-type>{m.Options.ContentType}</content-type></source>");
            }

            return IcecastResults.Xml(xml.Append("</icestats>").ToString());
        });

        app.MapGet("/admin/listclients", (HttpContext c, ListenerService listeners, TimeProvider time, ClientAddresses addresses) =>
            WithMount(c, o, mounts, mount =>
            {
                var xml = new StringBuilder();
                xml.Append(CultureInfo.InvariantCulture, $"<icestats><source mount=\"{IcecastResults.Escape(mount.Path)}\"><Listeners>{mount.Listeners}</Listeners>");
                foreach (var s in listeners.Sessions.Where(s => s.Mount == mount))
                {
                    long connected = (long)(time.GetUtcNow() - s.Connected).TotalSeconds;
                    xml.Append(CultureInfo.InvariantCulture,
                        $"<listener><IP>{IcecastResults.Escape(addresses.Written(s.Ip))}</IP><UserAgent>{IcecastResults.Escape(s.UserAgent is { Length: > 0 } ua ? ua : "Unknown")}</UserAgent><Connected>{connected}</Connected><ID>{s.Id}</ID></listener>");
                }

                return IcecastResults.Xml(xml.Append("</source></icestats>").ToString());
            }));

        app.MapGet("/admin/metadata", (HttpContext c, ILoggerFactory loggers, NowPlayingService nowPlaying) => c.Request.Query["mount"] == o.Live.Mount && o.Live.Mount.Length > 0
            ? LiveMetadata(c, o, live)
            : WithMount(c, o, mounts, mount =>
        {
            var q = c.Request.Query;
            if (q["mode"].ToString() is not { Length: > 0 } mode)
            {
                return IcecastResults.BadRequest(c, "Missing parameter");
            }

            if (mode != "updinfo")
            {
                return IcecastResults.IceResponse("No such action", 0);
            }

            if (TitleUpdate(c) is not { } update)
            {
                return IcecastResults.IceResponse("Metadata update successful", 1); // Icecast ignores title= alone
            }

            mount.Encoder.OverrideTitle(update);
            c.RequestServices.GetService<Streaming.Hls.HlsOutput>()?.OverrideTitle(update); // one programme: HLS carries the operator's title too
            nowPlaying.OverrideTitle(mount, update);
            MetadataUpdated(loggers.CreateLogger("RadioServer.Admin"), mount.Path, SafeText.Escape(update.Text)!);
            return IcecastResults.IceResponse("Metadata update successful", 1);
        }));

        app.MapGet("/admin/killclient", (HttpContext c, ListenerService listeners) => WithMount(c, o, mounts, mount =>
        {
            string id = c.Request.Query["id"].ToString();
            var session = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? listeners.Find(n) : null;
            if (session is null || session.Mount != mount)
            {
                return IcecastResults.IceResponse($"Client {id} not found", 0);
            }

            session.Kill();
            return IcecastResults.IceResponse($"Client {id} removed", 1);
        }));

        app.MapGet("/admin/moveclients", (HttpContext c, ListenerService listeners) => WithMount(c, o, mounts, mount =>
        {
            string destination = c.Request.Query["destination"].ToString();
            if (destination.Length == 0 || !mounts.TryGet(destination, out var target))
            {
                return IcecastResults.BadRequest(c, "No such destination");
            }

            if (target == mount)
            {
                return IcecastResults.BadRequest(c, "supplied mountpoints are identical");
            }

            if (target.Options.IsOgg != mount.Options.IsOgg)
            {
                return IcecastResults.BadRequest(c, "Destination has a different format"); // Icecast claims success and does nothing
            }

            foreach (var s in listeners.Sessions.Where(s => s.Mount == mount).ToList())
            {
                s.MoveTo(target);
            }

            return IcecastResults.IceResponse($"Clients moved from {mount.Path} to {target.Path}", 1);
        }));

        app.MapGet("/admin/streamlist.txt", (HttpContext c) =>
        {
            if (Credentials.Check(c.Request, o) != Role.Relay) // as Icecast: relay credentials only, admin gets 401
            {
                return IcecastResults.Unauthorized(c);
            }

            var body = string.Concat(mounts.All.Where(m => !m.Options.Hidden).Select(m => m.Path + "\r\n"));
            return Results.Text(body, "text/plain; charset=utf-8");
        });

        app.MapGet("/admin/{command}", (HttpContext c, string command) =>
            Credentials.Check(c.Request, o) == Role.None ? IcecastResults.Unauthorized(c) : IcecastResults.BadRequest(c, "Unrecognised command"));
    }

    /// <summary>A presenter's title update (with its own source credentials, as libshout sends it) reaches every mount's listeners.</summary>
    private static IResult LiveMetadata(HttpContext c, StationOptions o, LiveInput live)
    {
        string auth = c.Request.Headers.Authorization.ToString();
        if (Credentials.Check(auth, o) != Role.Admin && Credentials.Presenter(auth, o) is null)
        {
            return IcecastResults.Unauthorized(c);
        }

        if (c.Request.Query["mode"].ToString() != "updinfo")
        {
            return IcecastResults.BadRequest(c, "Missing parameter");
        }

        if (TitleUpdate(c) is { } update)
        {
            live.SetTitle(update.Artist, update.Artist is null ? update.Text : update.Title);
        }

        return IcecastResults.IceResponse("Metadata update successful", 1);
    }

    /// <summary>Mount-specific commands: admin or source credentials, and an existing mount.</summary>
    private static IResult WithMount(HttpContext c, StationOptions o, MountRegistry mounts, Func<Mount, IResult> command)
    {
        if (Credentials.Check(c.Request, o) is not (Role.Admin or Role.Source))
        {
            return IcecastResults.Unauthorized(c);
        }

        string path = c.Request.Query["mount"].ToString();
        if (path.Length == 0)
        {
            return IcecastResults.BadRequest(c, "Missing parameter");
        }

        return mounts.TryGet(path, out var mount) ? command(mount) : IcecastResults.BadRequest(c, "Source does not exist");
    }

    /// <summary>
    /// The title an <c>updinfo</c> request sets: <c>song=</c>, else <c>artist=</c> with <c>title=</c> (Icecast ignores
    /// <c>title=</c> alone); null when it sets none.
    /// </summary>
    private static StreamTitle? TitleUpdate(HttpContext c)
    {
        string? song = Decode(c, "song");
        string? artist = Decode(c, "artist");
        string? title = Decode(c, "title");
        return song is { Length: > 0 } ? new StreamTitle(song)
            : artist is { Length: > 0 } && title is not null ? new StreamTitle($"{artist} - {title}", artist, title)
            : null;
    }

    /// <summary>
    /// A query value in the request's <c>charset=</c> (default UTF-8). ASP.NET decodes %XX as UTF-8, so for a
    /// Latin-1 update the raw query is decoded again as Latin-1.
    /// </summary>
    private static string? Decode(HttpContext c, string key)
    {
        string charset = c.Request.Query["charset"].ToString();
        if (charset.Length == 0 || charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return c.Request.Query[key].ToString() is { Length: > 0 } v ? v : (c.Request.Query.ContainsKey(key) ? "" : null);
        }

        foreach (var pair in c.Request.QueryString.Value?.TrimStart('?').Split('&') ?? [])
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == key)
            {
                return System.Web.HttpUtility.UrlDecode(pair[(eq + 1)..], Encoding.Latin1);
            }
        }

        return null;
    }

    private static string Element(string name, string? value) => $"<{name}>{IcecastResults.Escape(value)}</{name}>";

    [LoggerMessage(HostLogIds.Admin + 0, LogLevel.Information, "Admin metadata update on {Mount}: {Title}")]
    private static partial void MetadataUpdated(ILogger logger, string mount, string title);
}

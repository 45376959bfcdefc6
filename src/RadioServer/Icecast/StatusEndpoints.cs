using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RadioServer.Configuration;
using RadioServer.Listeners;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Icecast;

/// <summary>Public status: Icecast's <c>/status-json.xsl</c>, SHOUTcast-style pages, and playlist files per mount.</summary>
internal static class StatusEndpoints
{
    /// <summary>ASP.NET's web defaults, as Icecast-KH's JSON (names as written), with generated serializers.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = IcecastJsonContext.Default };

    public static void Map(WebApplication app)
    {
        var station = app.Services.GetRequiredService<StationOptions>();
        var mounts = app.Services.GetRequiredService<MountRegistry>();
        var hls = app.Services.GetService<Hls.HlsAudience>();
        app.MapGet("/status-json.xsl", (HttpContext context, ListenerService listeners) =>
        {
            string? filter = context.Request.Query["mount"];
            var snapshot = StatusSnapshot.Take(station, mounts, listeners.Count, station.Hostname, context.Connection.LocalPort, includeHidden: false, hls);
            var sources = snapshot.Sources.Where(s => filter is null || s.Path == filter).ToList();
            byte[] json = IcecastJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("icestats");
                foreach (var (k, v) in snapshot.Global)
                {
                    IcecastJson.WriteValue(w, k, v);
                }

                if (sources.Count == 0)
                {
                    w.WriteNull("dummy"); // Icecast closes an object whose last XML child was hidden with "dummy":null
                }
                else
                {
                    // Icecast quirk kept on purpose: one source is an object, several are an array.
                    w.WritePropertyName("source");
                    if (sources.Count > 1)
                    {
                        w.WriteStartArray();
                    }

                    foreach (var (_, fields) in sources)
                    {
                        w.WriteStartObject();
                        foreach (var (k, v) in fields)
                        {
                            IcecastJson.WriteValue(w, k, v);
                        }

                        w.WriteNull("dummy");
                        w.WriteEndObject();
                    }

                    if (sources.Count > 1)
                    {
                        w.WriteEndArray();
                    }
                }

                w.WriteEndObject();
                w.WriteEndObject();
            });
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Bytes(json, "application/json; charset=UTF-8");
        });

        MapShoutcast(app, station, mounts);
        MapPlaylists(app, station, mounts);
    }

    private static void MapShoutcast(WebApplication app, StationOptions station, MountRegistry mounts)
    {
        var main = mounts.All.First();
        string Title() => main.Encoder.CurrentTitle.Text;

        app.MapGet("/currentsong", () => Results.Text(Title(), "text/plain; charset=utf-8"));

        app.MapGet("/7.html", (ListenerService listeners) =>
        {
            int current = mounts.All.Sum(m => m.Listeners);
            int peak = mounts.All.Sum(m => m.ListenerPeak);
            int unique = listeners.Sessions.Select(s => s.Ip).Distinct().Count();
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{current},1,{peak},{station.MaxListeners},{unique},{main.Options.Bitrate},{Title().Replace(",", " ", StringComparison.Ordinal)}");
            return Results.Content($"<html><body>{IcecastResults.Escape(line)}</body></html>", "text/html; charset=utf-8");
        });

        app.MapGet("/played.html", (HttpContext context, RadioServer.NowPlaying.NowPlayingService nowPlaying) =>
        {
            var items = nowPlaying.Played;
            if (context.Request.Query["type"] == "json")
            {
                return Results.Json(items.Select(i => new PlayedItem(i.StartedUtc.ToUnixTimeSeconds(), i.Text)).ToList(), (JsonTypeInfo<List<PlayedItem>>)Json.GetTypeInfo(typeof(List<PlayedItem>)));
            }

            var html = new StringBuilder("<html><head><title>Played history</title></head><body><table><tr><th>Played @</th><th>Song Title</th></tr>");
            foreach (var i in items)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.StartedUtc.UtcDateTime:HH:mm:ss}</td><td>{IcecastResults.Escape(i.Text)}</td></tr>");
            }

            html.Append("</table></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });

        app.MapGet("/stats", (HttpContext context, ListenerService listeners, TimeProvider time) =>
        {
            var o = station;
            var fields = new List<(string Name, string Value)>
            {
                ("CURRENTLISTENERS", mounts.All.Sum(m => m.Listeners).ToString(CultureInfo.InvariantCulture)),
                ("PEAKLISTENERS", mounts.All.Sum(m => m.ListenerPeak).ToString(CultureInfo.InvariantCulture)),
                ("MAXLISTENERS", o.MaxListeners.ToString(CultureInfo.InvariantCulture)),
                ("UNIQUELISTENERS", listeners.Sessions.Select(s => s.Ip).Distinct().Count().ToString(CultureInfo.InvariantCulture)),
                ("AVERAGETIME", "0"),
                ("SERVERGENRE", o.Genre),
                ("SERVERURL", o.Url),
                ("SERVERTITLE", o.Name),
                ("SONGTITLE", Title()),
                ("STREAMHITS", "0"),
                ("STREAMSTATUS", "1"),
                ("BACKUPSTATUS", "0"),
                ("STREAMPATH", main.Path),
                ("STREAMUPTIME", ((long)(time.GetUtcNow() - mounts.Started).TotalSeconds).ToString(CultureInfo.InvariantCulture)),
                ("BITRATE", main.Options.Bitrate.ToString(CultureInfo.InvariantCulture)),
                ("CONTENT", main.Options.ContentType),
                ("VERSION", o.ServerId),
            };
            if (context.Request.Query["json"] == "1")
            {
                return Results.Json(fields.ToDictionary(f => f.Name.ToLowerInvariant(), f => f.Value), (JsonTypeInfo<Dictionary<string, string>>)Json.GetTypeInfo(typeof(Dictionary<string, string>)));
            }

            var xml = new StringBuilder("<SHOUTCASTSERVER>");
            foreach (var (name, value) in fields)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<{name}>{IcecastResults.Escape(value)}</{name}>");
            }

            return IcecastResults.Xml(xml.Append("</SHOUTCASTSERVER>").ToString());
        });
    }

    private static void MapPlaylists(WebApplication app, StationOptions station, MountRegistry mounts)
    {
        foreach (var mount in mounts.All.Where(m => !m.Options.Hidden))
        {
            string Url(HttpContext c) => $"http://{(c.Request.Host.Port is null ? $"{c.Request.Host.Host}:{c.Connection.LocalPort}" : c.Request.Host.Value)}{mount.Path}";

            app.MapGet(mount.Path + ".m3u", (HttpContext c) => Results.Text(Url(c) + "\r\n", "audio/x-mpegurl"));
            app.MapGet(mount.Path + ".pls", (HttpContext c) => Results.Text(
                $"[playlist]\r\nNumberOfEntries=1\r\nFile1={Url(c)}\r\nTitle1={station.Name}\r\nLength1=-1\r\nVersion=2\r\n", "audio/x-scpls"));
            app.MapGet(mount.Path + ".xspf", (HttpContext c) => Results.Text(
                $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <playlist version="1" xmlns="http://xspf.org/ns/0/">
                  <title>{IcecastResults.Escape(station.Name)}</title>
                  <trackList>
                    <track>
                      <location>{IcecastResults.Escape(Url(c))}</location>
                      <title>{IcecastResults.Escape(mount.Encoder.CurrentTitle.Text)}</title>
                      <annotation>Stream Title: {IcecastResults.Escape(station.Name)}
                Stream Description: {IcecastResults.Escape(station.Description)}
                Content Type:{mount.Options.ContentType}
                Bitrate: {mount.Options.Bitrate}
                Current Listeners: {mount.Listeners}
                Peak Listeners: {mount.ListenerPeak}
                Stream Genre: {IcecastResults.Escape(station.Genre)}</annotation>
                      <info>{IcecastResults.Escape(station.Url)}</info>
                    </track>
                  </trackList>
                </playlist>

                """, "application/xspf+xml; charset=UTF-8"));
        }
    }

    /// <summary>One song of <c>/played.html?type=json</c>, as Icecast-KH lists them.</summary>
    internal sealed record PlayedItem(long Playedat, string Title);
}

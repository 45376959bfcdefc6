using System.Globalization;
using RadioServer.Configuration;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Icecast;

/// <summary>
/// The Icecast stats tree for one moment: global fields and one field set per mount (source), as ordered
/// key/value pairs. One model feeds status-json.xsl, /admin/stats and the SHOUTcast pages. HLS renditions, when the
/// station has them, are sources too (path <c>/hls/&lt;rendition&gt;.m3u8</c>, type <c>application/vnd.apple.mpegurl</c>),
/// and their listeners count in the totals.
/// </summary>
internal sealed class StatusSnapshot
{
    public required IReadOnlyList<KeyValuePair<string, string?>> Global { get; init; }

    public required IReadOnlyList<(string Path, IReadOnlyList<KeyValuePair<string, string?>> Fields)> Sources { get; init; }

    public static StatusSnapshot Take(StationOptions o, MountRegistry mounts, int totalListeners, string host, int port, bool includeHidden,
        Hls.HlsAudience? hls = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(mounts);
        totalListeners += hls?.Total ?? 0;
        var global = new List<KeyValuePair<string, string?>>
        {
            new("admin", o.AdminContact),
            new("host", host),
            new("location", o.Location),
            new("server_id", o.ServerId),
            new("server_start", Rfc822(mounts.Started)),
            new("server_start_iso8601", Iso(mounts.Started)),
        };
        if (includeHidden)
        {
            global.Add(new("clients", totalListeners.ToString(CultureInfo.InvariantCulture)));
            global.Add(new("listeners", totalListeners.ToString(CultureInfo.InvariantCulture)));
            global.Add(new("sources", (mounts.All.Count + (hls is null ? 0 : o.Hls.Renditions.Count)).ToString(CultureInfo.InvariantCulture)));
        }

        var sources = new List<(string, IReadOnlyList<KeyValuePair<string, string?>>)>();
        foreach (var mount in mounts.All.OrderBy(m => m.Path, StringComparer.Ordinal))
        {
            if (mount.Options.Hidden && !includeHidden)
            {
                continue;
            }

            var m = mount.Options;
            var title = mount.Encoder.CurrentTitle;
            var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal)
            {
                ["audio_info"] = m.AudioInfo,
                ["bitrate"] = m.Bitrate.ToString(CultureInfo.InvariantCulture),
                ["channels"] = m.Channels.ToString(CultureInfo.InvariantCulture),
                ["genre"] = o.Genre,
                ["listener_peak"] = mount.ListenerPeak.ToString(CultureInfo.InvariantCulture),
                ["listeners"] = mount.Listeners.ToString(CultureInfo.InvariantCulture),
                ["listenurl"] = $"http://{o.Hostname}:{port}{m.Path}",
                ["samplerate"] = m.SampleRate.ToString(CultureInfo.InvariantCulture),
                ["server_description"] = o.Description,
                ["server_name"] = o.Name,
                ["server_type"] = m.ContentType,
                ["server_url"] = o.Url,
                ["stream_start"] = Rfc822(mount.Started),
                ["stream_start_iso8601"] = Iso(mount.Started),
            };
            if (title.Text.Length > 0)
            {
                fields["title"] = title.Text;
                if (m.IsOgg)
                {
                    fields["subtype"] = "Opus";
                    if (title.Artist is { Length: > 0 } artist)
                    {
                        fields["artist"] = artist;
                        fields["title"] = title.Title;
                    }
                }
            }

            if (includeHidden)
            {
                fields["max_listeners"] = m.MaxListeners > 0 ? m.MaxListeners.ToString(CultureInfo.InvariantCulture) : "unlimited";
                fields["public"] = m.IsPublic(o.Public) ? "1" : "0";
                fields["total_bytes_sent"] = "0";
                fields["total_bytes_read"] = mount.Buffer.TotalBytes.ToString(CultureInfo.InvariantCulture);
                fields["user_agent"] = "RadioServer playout";
                fields["slow_listeners"] = "0";
                fields["source_ip"] = "127.0.0.1";
            }

            sources.Add((mount.Path, fields.ToList()));
        }

        if (hls is not null)
        {
            string title = mounts.All.FirstOrDefault()?.Encoder.CurrentTitle.Text ?? ""; // one programme on every output
            for (int i = 0; i < o.Hls.Renditions.Count; i++)
            {
                var r = o.Hls.Renditions[i];
                string path = $"/hls/{r.Name}.m3u8";
                var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["audio_info"] = $"channels={r.Channels};samplerate={r.SampleRate};bitrate={r.Bitrate}",
                    ["bitrate"] = r.Bitrate.ToString(CultureInfo.InvariantCulture),
                    ["channels"] = r.Channels.ToString(CultureInfo.InvariantCulture),
                    ["genre"] = o.Genre,
                    ["listener_peak"] = hls.Peak(i).ToString(CultureInfo.InvariantCulture),
                    ["listeners"] = hls.Listeners(i).ToString(CultureInfo.InvariantCulture),
                    ["listenurl"] = $"http://{o.Hostname}:{port}{path}",
                    ["samplerate"] = r.SampleRate.ToString(CultureInfo.InvariantCulture),
                    ["server_description"] = o.Description,
                    ["server_name"] = o.Name,
                    ["server_type"] = Streaming.Hls.HlsPlaylist.ContentType,
                    ["server_url"] = o.Url,
                    ["stream_start"] = Rfc822(mounts.Started),
                    ["stream_start_iso8601"] = Iso(mounts.Started),
                };
                if (title.Length > 0)
                {
                    fields["title"] = title;
                }

                sources.Add((path, fields.ToList()));
            }
        }

        return new StatusSnapshot { Global = global, Sources = sources };
    }

    /// <summary>Icecast's RFC-822-like date with a numeric zone: <c>Fri, 27 Nov 2026 20:02:03 +0000</c>.</summary>
    public static string Rfc822(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

    /// <summary>ISO 8601 without a colon in the offset: <c>2026-11-27T20:02:03+0000</c>.</summary>
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";
}

using System.Text;
using RadioServer.Configuration;

using RadioServer.Streaming.Mounts;

namespace RadioServer.Icecast;

/// <summary>
/// The response headers of a listener stream, in Icecast 2.4.4's order and spelling (see
/// docs/icecast-compat.md §1.2), plus the CORS headers Icecast lacks, so web players can read ICY data.
/// One list serves both the raw Icecast-framed path and the ASP.NET path.
/// </summary>
internal static class StreamHeaders
{
    public const string ExposedHeaders = "icy-metaint, icy-br, icy-sr, icy-name, icy-description, icy-genre, icy-url, icy-pub, ice-audio-info";

    /// <summary>The block every Icecast response starts with (streams and error pages alike).</summary>
    public static List<KeyValuePair<string, string>> Common(StationOptions station, string contentType, DateTimeOffset now)
    {
        var h = new List<KeyValuePair<string, string>>(20);
        void Add(string name, string value) => h.Add(new(name, Clean(value)));
        Add("Server", station.ServerId);
        Add("Connection", "Close");
        Add("Date", now.ToString("R"));
        Add("Content-Type", contentType);
        Add("Cache-Control", "no-cache, no-store");
        Add("Expires", "Mon, 26 Jul 1997 05:00:00 GMT");
        Add("Pragma", "no-cache");
        Add("Access-Control-Allow-Origin", "*");
        return h;
    }

    public static List<KeyValuePair<string, string>> Build(StationOptions station, MountOptions mount, bool icyMetadata, DateTimeOffset now)
    {
        var h = Common(station, mount.ContentType, now);
        void Add(string name, string value) => h.Add(new(name, Clean(value)));
        Add("Access-Control-Allow-Headers", "Icy-MetaData, Range");
        Add("Access-Control-Expose-Headers", ExposedHeaders);
        // What directories' crawlers (Radio Browser) read; an unset field is left out, as Icecast leaves out what a source did not send.
        void AddSet(string name, string value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                Add(name, value);
            }
        }

        Add("icy-br", mount.Bitrate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("ice-audio-info", mount.AudioInfo);
        AddSet("icy-description", station.Description);
        AddSet("icy-genre", station.Genre);
        Add("icy-name", station.Name);
        Add("icy-pub", mount.IsPublic(station.Public) ? "1" : "0");
        Add("icy-sr", mount.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddSet("icy-url", station.Url);
        if (icyMetadata && !mount.IsOgg) // Ogg carries its titles in-band, never ICY (as Icecast)
        {
            Add("icy-metaint", mount.MetaInt.ToString());
        }

        return h;
    }

    /// <summary>The raw Icecast-style head: <c>HTTP/1.0 200 OK</c>, <c>icy-*</c> lines without a space after the colon.</summary>
    public static byte[] Serialize(string statusLine, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var sb = new StringBuilder(768);
        sb.Append(statusLine).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(name.StartsWith("icy-", StringComparison.Ordinal) ? ":" : ": ").Append(value).Append("\r\n");
        }

        sb.Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>CR, LF and other control characters would split or corrupt the header block.</summary>
    private static string Clean(string value) =>
        value.Any(char.IsControl) ? new string(value.Where(c => !char.IsControl(c)).ToArray()) : value;
}

using System.Globalization;
using System.Text;

namespace RadioServer.Directories;

/// <summary>
/// The bodies of the three <c>yp-cgi</c> requests (form-urlencoded, POSTed), laid out field for field as Icecast 2.4 sends
/// them. The layout is kept on purpose, quirks included: directories written for Icecast parse its bodies, not the
/// form rules. The audio info goes last as a bare escaped name without <c>=</c>, and the body ends with CRLF; the
/// reference directory finds the audio info (channels, sample rate) as the name holding that CRLF, and strips what
/// follows it from <c>stype</c>.
/// </summary>
internal static class YpForm
{
    /// <summary>The form content type of every request.</summary>
    public const string ContentType = "application/x-www-form-urlencoded";

    /// <summary><c>action=add</c>: lists <paramref name="stream"/>; the answer carries the SID and the touch interval.</summary>
    public static string Add(YpStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var b = new StringBuilder(512);
        b.Append("action=add");
        Field(b, "sn", stream.Name);
        Field(b, "genre", stream.Genre);
        Field(b, "cpswd", ""); // cluster password: not used by directories today; sent empty as Icecast does without one
        Field(b, "desc", stream.Description);
        Field(b, "url", stream.Url);
        Field(b, "listenurl", stream.ListenUrl);
        Field(b, "type", stream.ContentType);
        Field(b, "stype", stream.SubType);
        Field(b, "b", stream.Bitrate.ToString(CultureInfo.InvariantCulture));
        b.Append('&').Append(Escape(stream.AudioInfo)).Append("\r\n");
        return b.ToString();
    }

    /// <summary><c>action=touch</c>: keeps the listing alive with the title on air and the listener counts.</summary>
    public static string Touch(string sid, string title, int listeners, int maxListeners, string subType)
    {
        var b = new StringBuilder(256);
        b.Append("action=touch");
        Field(b, "sid", sid);
        Field(b, "st", title);
        Field(b, "listeners", listeners.ToString(CultureInfo.InvariantCulture));
        Field(b, "max_listeners", maxListeners.ToString(CultureInfo.InvariantCulture));
        Field(b, "stype", subType);
        b.Append("\r\n");
        return b.ToString();
    }

    /// <summary><c>action=remove</c>: takes the listing down (station stopping).</summary>
    public static string Remove(string sid) => "action=remove&sid=" + Escape(sid);

    /// <summary>Percent-encoding of UTF-8 (RFC 3986 unreserved characters kept), which every form decoder reads.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    private static void Field(StringBuilder b, string name, string value) => b.Append('&').Append(name).Append('=').Append(Escape(value));
}

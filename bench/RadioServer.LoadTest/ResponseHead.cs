using System.Buffers.Text;
using System.Text;

namespace RadioServer.LoadTest;

/// <summary>
/// The few things a listener needs from the response head: the status, <c>icy-metaint</c>, <c>icy-br</c> and
/// whether the body is MPEG audio. Parsed from bytes, by hand: an HTTP client library would want to own the socket.
/// </summary>
/// <param name="Status">The status code (<c>HTTP/1.x 200</c> or SHOUTcast's <c>ICY 200</c>), 0 if the line is not HTTP.</param>
/// <param name="MetaInt">Audio bytes between ICY metadata blocks, 0 without <c>icy-metaint</c>.</param>
/// <param name="BitrateKbps">The <c>icy-br</c> figure (its first number), 0 without one.</param>
/// <param name="IsMpeg">Content-Type <c>audio/mpeg</c> (or <c>audio/mp3</c>), so MPEG frames can be followed.</param>
internal readonly record struct ResponseHead(int Status, int MetaInt, int BitrateKbps, bool IsMpeg)
{
    /// <summary>The length of the head including its blank line, or -1 while it is incomplete.</summary>
    public static int FindEnd(ReadOnlySpan<byte> data)
    {
        int crlf = data.IndexOf("\r\n\r\n"u8);
        int lf = data.IndexOf("\n\n"u8);
        return crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
    }

    /// <summary>Parses a complete head (as <see cref="FindEnd"/> delimits it).</summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        int status = 0, metaInt = 0, bitrate = 0;
        bool mpeg = false, first = true;
        while (!head.IsEmpty)
        {
            int eol = head.IndexOf((byte)'\n');
            var line = (eol < 0 ? head : head[..eol]).TrimEnd((byte)'\r');
            head = eol < 0 ? default : head[(eol + 1)..];
            if (first)
            {
                first = false;
                status = StatusCode(line);
                continue;
            }

            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim((byte)' ');
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "icy-metaint"u8))
            {
                metaInt = LeadingNumber(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "icy-br"u8))
            {
                bitrate = LeadingNumber(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-type"u8))
            {
                mpeg = StartsWithIgnoreCase(value, "audio/mpeg"u8) || StartsWithIgnoreCase(value, "audio/mp3"u8);
            }
        }

        return new ResponseHead(status, metaInt, bitrate, mpeg);
    }

    private static int StatusCode(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("HTTP/1."u8) && !line.StartsWith("ICY "u8))
        {
            return 0;
        }

        int space = line.IndexOf((byte)' ');
        return space < 0 ? 0 : LeadingNumber(line[(space + 1)..].TrimStart((byte)' '));
    }

    private static int LeadingNumber(ReadOnlySpan<byte> value) =>
        Utf8Parser.TryParse(value, out int number, out _) && number > 0 ? number : 0;

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix) =>
        value.Length >= prefix.Length && Ascii.EqualsIgnoreCase(value[..prefix.Length], prefix);
}

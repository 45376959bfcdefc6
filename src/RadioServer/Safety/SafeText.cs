using System.Globalization;
using System.Text;

namespace RadioServer.Safety;

/// <summary>
/// What a client sent, made safe to write anywhere others read it: a log line, an access-log line, an XML, JSON or
/// HTML page. Control characters (C0, DEL, C1, and the Unicode line/paragraph separators) become a visible
/// <c>\xNN</c> (or <c>\uNNNN</c>) escape, so a User-Agent cannot start a new log line, colour a terminal, or make an
/// XML page ill-formed. Escaping twice changes nothing (backslashes are left as they are), so text escaped at intake
/// can pass through a page's own escaping again.
/// Lengths are capped so one header cannot fill a log.
/// </summary>
public static class SafeText
{
    /// <summary>Longest text kept from one client field; longer input is cut and marked with <c>…</c>.</summary>
    public const int MaxLength = 512;

    /// <summary>The text with every control character escaped, or null for null.</summary>
    public static string? Escape(string? text)
    {
        if (text is null)
        {
            return null;
        }

        bool clean = text.Length <= MaxLength;
        foreach (char c in text)
        {
            if (IsUnsafe(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var sb = new StringBuilder(Math.Min(text.Length, MaxLength) + 16);
        foreach (char c in text.Length > MaxLength ? text.AsSpan(0, MaxLength) : text.AsSpan())
        {
            if (IsUnsafe(c))
            {
                sb.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                sb.Append(c);
            }
        }

        if (text.Length > MaxLength)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    /// <summary>Control characters, the Unicode line and paragraph separators, and the two non-characters XML forbids.</summary>
    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF';
}

using System.Buffers;
using System.Text;

namespace RadioServer.Icecast;

/// <summary>Result of looking for a request head in received bytes.</summary>
internal enum HeadParse
{
    NeedMore,
    Complete,
    Invalid,
}

/// <summary>
/// A request head read straight off the connection, before Kestrel's HTTP parser. Written by hand because
/// Kestrel's parser is not public and we must answer stream requests (and later source clients) the way
/// Icecast does: <c>HTTP/1.0</c>, close-delimited, bare-LF lines accepted (DarkIce). Only the head is
/// parsed; anything that is not ours is handed to Kestrel untouched.
/// </summary>
internal sealed record HttpRequestHead(string Method, string Target, string Protocol, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => Uri.UnescapeDataString(Target.Split('?', 2)[0]);

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>Icy-MetaData: 1 (or any number ≥ 1, as Icecast reads it with atoi).</summary>

    public static HeadParse TryParse(ReadOnlySequence<byte> buffer, int maxBytes, out HttpRequestHead? head, out long headLength)
    {
        head = null;
        headLength = 0;
        int length = (int)Math.Min(buffer.Length, maxBytes);
        Span<byte> bytes = length <= 8192 ? stackalloc byte[length] : new byte[length];
        buffer.Slice(0, length).CopyTo(bytes);
        int end = FindEnd(bytes, out int terminator);
        if (end < 0)
        {
            return buffer.Length >= maxBytes ? HeadParse.Invalid : HeadParse.NeedMore;
        }

        headLength = end + terminator;
        string text = Encoding.Latin1.GetString(bytes[..end]);
        string[] lines = text.Split('\n');
        string[] requestLine = lines[0].TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requestLine.Length != 3 || !(requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal) || requestLine[2].StartsWith("ICE/", StringComparison.Ordinal)))
        {
            return HeadParse.Invalid;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string raw in lines.Skip(1))
        {
            string line = raw.TrimEnd('\r');
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        head = new HttpRequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
        return HeadParse.Complete;
    }

    /// <summary>Index where the blank line starts, accepting CRLF CRLF and LF LF; -1 if not there yet.</summary>
    private static int FindEnd(ReadOnlySpan<byte> bytes, out int terminator)
    {
        for (int i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] != '\n')
            {
                continue;
            }

            if (bytes[i + 1] == '\n')
            {
                terminator = 2;
                return i;
            }

            if (i + 2 < bytes.Length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n')
            {
                terminator = 3;
                return i;
            }
        }

        terminator = 0;
        return -1;
    }
}

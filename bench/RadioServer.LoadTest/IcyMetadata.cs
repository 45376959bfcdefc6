namespace RadioServer.LoadTest;

/// <summary>
/// Checks one ICY metadata block (the bytes after its length byte). A valid block is
/// <c>StreamTitle='…';</c>, optionally followed by further <c>Key='…';</c> pairs (<c>StreamUrl</c>), then NUL
/// padding to the 16-byte multiple and nothing else. Titles may contain apostrophes (Icecast does not escape them),
/// so a value ends only at a <c>';</c> followed by the end of the text or by the next <c>Key='</c>.
/// </summary>
internal static class IcyMetadata
{
    public static bool IsValid(ReadOnlySpan<byte> block)
    {
        var text = block.TrimEnd((byte)0);
        if (block.Length - text.Length > 16 || text.Contains((byte)0) || !text.StartsWith("StreamTitle='"u8))
        {
            return false;
        }

        int pos = "StreamTitle='"u8.Length;
        while (true)
        {
            int end = text[pos..].IndexOf("';"u8);
            if (end < 0)
            {
                return false;
            }

            int next = pos + end + 2;
            if (next == text.Length)
            {
                return true;
            }

            int keyLength = KeyLength(text[next..]);
            pos = keyLength > 0 ? next + keyLength + 2 : pos + end + 1;
        }
    }

    /// <summary>The length of <c>Key</c> when <paramref name="text"/> starts with <c>Key='</c>, else 0.</summary>
    private static int KeyLength(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && (char.IsAsciiLetterOrDigit((char)text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i > 0 && text[i..].StartsWith("='"u8) ? i : 0;
    }
}

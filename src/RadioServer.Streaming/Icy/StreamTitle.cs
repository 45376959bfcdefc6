using System.Text;

namespace RadioServer.Streaming.Icy;

/// <summary>
/// A now-playing title with its ICY metadata block encoded once, shared by every listener (the interleaver
/// compares titles by reference, so no listener re-encodes or allocates per block).
/// </summary>
public sealed class StreamTitle
{
    /// <summary>Longest text an ICY block can carry: 255 × 16 bytes.</summary>
    public const int MaxBlockText = 255 * 16;

    public static StreamTitle Empty { get; } = new(string.Empty);

    private byte[]? _latin1Block;

    public StreamTitle(string text, string? artist = null, string? title = null)
    {
        Text = Sanitize(text);
        Artist = artist is null ? null : Sanitize(artist);
        Title = Sanitize(title ?? text);
        IcyBlock = EncodeBlock(Text, Encoding.UTF8);
    }

    /// <summary>The title with control characters removed: "Artist - Title" where both are known.</summary>
    public string Text { get; }

    /// <summary>The artist alone, when known (Ogg comments carry it separately).</summary>
    public string? Artist { get; }

    /// <summary>The song title alone (or <see cref="Text"/> when that is all there is).</summary>
    public string Title { get; }

    /// <summary>The ICY metadata block: one length byte L, then L × 16 bytes of <c>StreamTitle='…';</c>, NUL-padded.</summary>
    public ReadOnlyMemory<byte> IcyBlock { get; }

    /// <summary>The same block in ISO-8859-1, for old hardware radios (characters outside Latin-1 become '?').</summary>
    public ReadOnlyMemory<byte> IcyBlockLatin1 => _latin1Block ??= EncodeBlock(Text, Encoding.Latin1);

    /// <summary>The title of a library track: "Artist - Title" from its tags, else its file name.</summary>
    public static StreamTitle ForTrack(Playout.Library.TrackInfo track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return new StreamTitle(track.DisplayTitle, track.Artist, track.Title ?? track.DisplayTitle);
    }

    /// <summary>Removes CR, LF and other control characters, which break ICY parsers and log lines.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text.Trim();
        }

        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString().Trim();
    }

    /// <summary>
    /// Encodes <c>StreamTitle='text';</c>. Quotes and semicolons are sent as they are (parsers read up to the
    /// closing <c>';</c>), except a quote followed by a semicolon (spaces between allowed), which would end the field
    /// early and let the rest of a title add fields of its own (<c>x';StreamUrl='http://evil/';</c>): that quote is
    /// sent as <c>’</c> (<c>´</c> in ISO-8859-1). Text too long for one block is cut at a character boundary, never
    /// inside a UTF-8 sequence.
    /// </summary>
    public static byte[] EncodeBlock(string text, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(text);
        text = NeutraliseFieldEnd(text, encoding.CodePage == Encoding.Latin1.CodePage ? '\u00B4' : '\u2019');
        ReadOnlySpan<byte> prefix = "StreamTitle='"u8;
        ReadOnlySpan<byte> suffix = "';"u8;
        int room = MaxBlockText - prefix.Length - suffix.Length;
        byte[] body = encoding.GetBytes(text);
        if (body.Length > room)
        {
            var runes = text.EnumerateRunes();
            int bytes = 0;
            var sb = new StringBuilder();
            foreach (var rune in runes)
            {
                int n = encoding.GetByteCount(rune.ToString());
                if (bytes + n > room)
                {
                    break;
                }

                bytes += n;
                sb.Append(rune.ToString());
            }

            body = encoding.GetBytes(sb.ToString());
        }

        int textLength = prefix.Length + body.Length + suffix.Length;
        int blocks = (textLength + 15) / 16;
        var block = new byte[1 + (blocks * 16)];
        block[0] = (byte)blocks;
        prefix.CopyTo(block.AsSpan(1));
        body.CopyTo(block.AsSpan(1 + prefix.Length));
        suffix.CopyTo(block.AsSpan(1 + prefix.Length + body.Length));
        return block;
    }

    /// <summary>Replaces each <c>'</c> that a <c>;</c> follows (after optional spaces) with <paramref name="quote"/>.</summary>
    private static string NeutraliseFieldEnd(string text, char quote)
    {
        if (!text.Contains('\'', StringComparison.Ordinal))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (chars[i] != '\'')
            {
                continue;
            }

            int j = i + 1;
            while (j < chars.Length && char.IsWhiteSpace(chars[j]))
            {
                j++;
            }

            if (j < chars.Length && chars[j] == ';')
            {
                chars[i] = quote;
            }
        }

        return new string(chars);
    }

    public override string ToString() => Text;
}

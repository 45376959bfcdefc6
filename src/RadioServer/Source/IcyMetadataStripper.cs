using System.Text;

namespace RadioServer.Source;

/// <summary>
/// Separates audio from ICY metadata in a source's stream when it declared <c>icy-metaint</c> (SHOUTcast-style
/// sources): every <c>metaint</c> audio bytes come one length byte and that many 16-byte blocks. Titles found
/// (<c>StreamTitle='…';</c>) are reported; a block that is not ICY metadata ends the source, as in Icecast.
/// </summary>
internal sealed class IcyMetadataStripper(int metaInt, Action<string> onTitle)
{
    private readonly int _metaInt = metaInt;
    private int _untilMeta = metaInt;
    private int _metaLeft = -1;
    private readonly List<byte> _meta = [];

    /// <summary>Writes the audio bytes of <paramref name="input"/> to <paramref name="audio"/>; returns how many.</summary>
    public int Strip(ReadOnlySpan<byte> input, Span<byte> audio)
    {
        int written = 0;
        while (!input.IsEmpty)
        {
            if (_untilMeta > 0)
            {
                int take = Math.Min(_untilMeta, input.Length);
                input[..take].CopyTo(audio[written..]);
                written += take;
                input = input[take..];
                _untilMeta -= take;
                continue;
            }

            if (_metaLeft < 0)
            {
                _metaLeft = input[0] * 16;
                input = input[1..];
            }

            int part = Math.Min(_metaLeft, input.Length);
            _meta.AddRange(input[..part]);
            input = input[part..];
            _metaLeft -= part;
            if (_metaLeft == 0)
            {
                Complete();
            }
        }

        return written;
    }

    private void Complete()
    {
        if (_meta.Count > 0)
        {
            string text = Encoding.UTF8.GetString([.. _meta]).TrimEnd('\0');
            const string prefix = "StreamTitle='";
            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException("incorrect ICY metadata format");
            }

            int end = text.IndexOf("';", prefix.Length, StringComparison.Ordinal);
            onTitle(end >= 0 ? text[prefix.Length..end] : text[prefix.Length..].TrimEnd('\'', ';'));
        }

        _meta.Clear();
        _metaLeft = -1;
        _untilMeta = _metaInt;
    }
}

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
    private readonly byte[] _meta = new byte[255 * 16]; // the longest block the length byte can announce
    private int _metaLength;

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
            input[..part].CopyTo(_meta.AsSpan(_metaLength));
            _metaLength += part;
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
        if (_metaLength > 0)
        {
            var block = _meta.AsSpan(0, _metaLength).TrimEnd((byte)0);
            var prefix = "StreamTitle='"u8;
            if (!block.StartsWith(prefix))
            {
                throw new InvalidDataException("incorrect ICY metadata format");
            }

            var value = block[prefix.Length..];
            int end = value.IndexOf("';"u8);
            onTitle(Encoding.UTF8.GetString(end >= 0 ? value[..end] : value.TrimEnd("';"u8)));
        }

        _metaLength = 0;
        _metaLeft = -1;
        _untilMeta = _metaInt;
    }
}

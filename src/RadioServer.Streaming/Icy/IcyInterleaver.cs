using RadioServer.Streaming.Broadcast;

namespace RadioServer.Streaming.Icy;

/// <summary>
/// Per-listener ICY (SHOUTcast) metadata interleaving: after every <c>metaint</c> audio bytes, one metadata
/// block — the full title the first time and whenever it changed, else a single zero byte. Written by hand:
/// no library implements the server side of ICY, and it is a byte counter plus a reference comparison.
/// </summary>
public sealed class IcyInterleaver
{
    private static readonly byte[] NoChange = [0];
    private readonly int _metaInt;
    private int _untilMeta;
    private readonly bool _latin1;
    private StreamTitle? _sent;

    /// <param name="latin1">Send titles in ISO-8859-1 instead of UTF-8 (per-mount charset for old radios).</param>
    public IcyInterleaver(int metaInt, bool latin1 = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(metaInt, 1);
        _metaInt = metaInt;
        _untilMeta = metaInt;
        _latin1 = latin1;
    }

    public int MetaInt => _metaInt;

    /// <summary>
    /// Adds <paramref name="audio"/> (whose title is <paramref name="title"/>) to <paramref name="output"/> with
    /// metadata blocks inserted: slices of the shared audio and the title's shared block, never a copy.
    /// </summary>
    public void Write(ListenerOutput output, ReadOnlyMemory<byte> audio, StreamTitle title)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (!audio.IsEmpty)
        {
            int take = Math.Min(_untilMeta, audio.Length);
            output.Add(audio[..take]);
            audio = audio[take..];
            _untilMeta -= take;
            if (_untilMeta == 0)
            {
                if (!ReferenceEquals(_sent, title))
                {
                    output.Add(_latin1 ? title.IcyBlockLatin1 : title.IcyBlock);
                    _sent = title;
                }
                else
                {
                    output.Add(NoChange);
                }

                _untilMeta = _metaInt;
            }
        }
    }
}

using System.Buffers;

namespace RadioServer.LoadTest;

/// <summary>
/// The response body: ICY metadata blocks cut out and checked, the audio between them counted and fed to the MPEG
/// frame tracker. A block split across reads is gathered in a buffer rented for that moment only, so a listener
/// holds no metadata buffer between blocks.
/// </summary>
internal sealed partial class ListenerConnection
{
    private const int MaxBlockBytes = 255 * 16;

    private MpegFrameTracker? _mpeg;
    private int _audioLeft; // audio bytes until the next length byte (ICY only)
    private int _blockLength = -1; // length of the block being read, -1 while reading audio or the length byte
    private byte[]? _partialBlock;
    private int _partialFilled;

    /// <summary>Metadata blocks read, the empty ones (length byte 0) included.</summary>
    public int IcyBlocks { get; private set; }

    /// <summary>Blocks with text.</summary>
    public int IcyTitleBlocks { get; private set; }

    public int IcyInvalid { get; private set; }

    /// <summary>The MPEG frame figures, or null when the body is not MPEG audio.</summary>
    public MpegFrameTracker? Mpeg => _mpeg;

    private void StartBody()
    {
        _audioLeft = Head.MetaInt;
        _mpeg = Head.IsMpeg ? new MpegFrameTracker() : null;
    }

    private void Body(ReadOnlySpan<byte> data, long now)
    {
        if (!run.Options.Icy)
        {
            Audio(data);
            return;
        }

        while (!data.IsEmpty)
        {
            if (_audioLeft > 0)
            {
                int audio = Math.Min(_audioLeft, data.Length);
                Audio(data[..audio]);
                _audioLeft -= audio;
                data = data[audio..];
            }
            else if (_blockLength < 0)
            {
                _blockLength = data[0] * 16;
                data = data[1..];
                if (_blockLength == 0)
                {
                    IcyBlocks++;
                    BlockDone();
                }
            }
            else if (_partialFilled == 0 && data.Length >= _blockLength)
            {
                Block(data[.._blockLength], now);
                data = data[_blockLength..];
                BlockDone();
            }
            else
            {
                _partialBlock ??= ArrayPool<byte>.Shared.Rent(MaxBlockBytes);
                int part = Math.Min(_blockLength - _partialFilled, data.Length);
                data[..part].CopyTo(_partialBlock.AsSpan(_partialFilled));
                _partialFilled += part;
                data = data[part..];
                if (_partialFilled == _blockLength)
                {
                    Block(_partialBlock.AsSpan(0, _blockLength), now);
                    ArrayPool<byte>.Shared.Return(_partialBlock);
                    _partialBlock = null;
                    _partialFilled = 0;
                    BlockDone();
                }
            }
        }
    }

    private void BlockDone()
    {
        _blockLength = -1;
        _audioLeft = Head.MetaInt;
    }

    private void Block(ReadOnlySpan<byte> block, long now)
    {
        IcyBlocks++;
        IcyTitleBlocks++;
        if (!IcyMetadata.IsValid(block))
        {
            IcyInvalid++;
        }

        if (TitleSeenTimestamp == 0 && run.ProbeTitle is { } title && block.IndexOf(title) >= 0)
        {
            TitleSeenTimestamp = now;
        }
    }

    private void Audio(ReadOnlySpan<byte> audio)
    {
        AudioBytes += audio.Length;
        _mpeg?.Feed(audio);
    }
}

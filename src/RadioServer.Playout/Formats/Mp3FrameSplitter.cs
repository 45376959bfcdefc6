namespace RadioServer.Playout.Formats;

/// <summary>
/// Cuts an MP3 byte stream into whole frames: the encoder's output (so broadcast chunks, and with them every
/// listener's burst, start on a frame boundary) and a live source's input (so each frame can be decoded).
/// Bytes that do not parse as a frame header are dropped until the next sync.
/// </summary>
public sealed class Mp3FrameSplitter
{
    private byte[] _pending = new byte[8 * 1024];
    private int _count;

    /// <summary>Frames dropped because their bytes did not parse (should stay 0 for LAME output).</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Appends <paramref name="data"/> and calls <paramref name="onFrame"/> for each complete frame, in order.</summary>
    public void Push<TState>(ReadOnlySpan<byte> data, TState state, FrameHandler<TState> onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (_count + data.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _count + data.Length));
        }

        data.CopyTo(_pending.AsSpan(_count));
        _count += data.Length;
        int pos = 0;
        while (_count - pos >= Mp3FrameHeader.Size)
        {
            if (!Mp3FrameHeader.TryParse(_pending.AsSpan(pos, _count - pos), out var header))
            {
                pos++;
                BytesDiscarded++;
                continue;
            }

            if (_count - pos < header.FrameLength)
            {
                break;
            }

            onFrame(_pending.AsSpan(pos, header.FrameLength), header, state);
            pos += header.FrameLength;
        }

        _pending.AsSpan(pos, _count - pos).CopyTo(_pending);
        _count -= pos;
    }
}

/// <summary>Receives one whole MP3 frame (valid only during the call).</summary>
public delegate void FrameHandler<in TState>(ReadOnlySpan<byte> frame, Mp3FrameHeader header, TState state);

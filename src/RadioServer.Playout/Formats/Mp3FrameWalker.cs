using System.Buffers.Binary;

namespace RadioServer.Playout.Formats;

/// <summary>
/// Walks the MPEG audio frames of a file the way a forgiving player does, and says what it had to forgive. The probe
/// (before a file airs), the decoder (while it airs) and the analysis all walk with it, so they agree on what is
/// audio. Written by hand: NLayer's own reader resyncs silently (it "decodes" garbage as noise and cannot tell us what
/// it skipped) and rejects free format.
/// <list type="bullet">
/// <item>A stream starts, and restarts after damage, only where <see cref="ChainToSync"/> frames follow each other
/// (or a shorter run ends the file exactly): random bytes and PCM almost never hold such a chain.</item>
/// <item>Between good frames, bytes that are not a frame of the same stream are skipped and counted
/// (<see cref="JunkBytes"/>, <see cref="Gaps"/>); a run of frames in another sample rate or channel count is a new
/// segment (<see cref="FormatChanges"/>).</item>
/// <item>Free format (bitrate index 0): the frame length is the distance to the next frame of the same stream.</item>
/// <item>A first frame holding a Xing/Info tag is not audio (<see cref="IsInfoFrame"/>); the frame count it announces
/// is kept to tell a truncated file (<see cref="AnnouncedFrames"/>).</item>
/// <item>A last frame cut short ends the walk (<see cref="TruncatedBytes"/>).</item>
/// </list>
/// Reads through one 64 KB window, so a walk costs a read per 64 KB plus header checks, never a copy per frame.
/// </summary>
public sealed class Mp3FrameWalker
{
    /// <summary>Frames that must follow each other to start or restart the stream.</summary>
    public const int ChainToSync = 4;

    private const int WindowSize = 64 * 1024;

    /// <summary>The longest free-format frame searched for (640 kbit/s at 8 kHz, layer III, MPEG-2.5).</summary>
    private const int MaxFreeFormatLength = 5800;

    private readonly Stream _stream;
    private readonly byte[] _window;
    private readonly long _end;
    private long _windowStart;
    private int _windowLength;
    private long _next;
    private bool _started;
    private bool _done;
    private Mp3FrameHeader _previous;
    private int _freeFormatLength;

    /// <summary>Starts a walk over <paramref name="stream"/> (seekable), after any ID3v2 tags and before trailing ID3v1/APE tags.</summary>
    public Mp3FrameWalker(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        long length = stream.Length;
        _window = new byte[(int)Math.Clamp(length, Mp3FrameHeader.Size, WindowSize)]; // a whole frame always fits: none is longer than the file
        _next = AudioStart(length);
        _end = Math.Max(_next, length - TrailingTagLength(length));
    }

    /// <summary>The current frame's header (its <see cref="Mp3FrameHeader.FrameLength"/> known, also for free format).</summary>
    public Mp3FrameHeader Header { get; private set; }

    /// <summary>The current frame's offset in the file.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes skipped just before the current frame (0 when it follows the last frame directly).</summary>
    public long SkippedBefore { get; private set; }

    /// <summary>True when the current frame's sample rate or channel count differs from the frame before it.</summary>
    public bool FormatChanged { get; private set; }

    /// <summary>True when the current frame is the first and holds a Xing/Info tag (no audio).</summary>
    public bool IsInfoFrame { get; private set; }

    /// <summary>Frames the Xing/Info tag announces, or -1 without one.</summary>
    public long AnnouncedFrames { get; private set; } = -1;

    /// <summary>Audio frames walked so far (the Info frame not counted).</summary>
    public long Frames { get; private set; }

    /// <summary>Seconds of audio in the frames walked so far (each frame at its own sample rate).</summary>
    public double AudioSeconds { get; private set; }

    /// <summary>Bytes between frames that were not audio of the stream.</summary>
    public long JunkBytes { get; private set; }

    /// <summary>Places where bytes were skipped between frames (the bytes before the first frame not counted).</summary>
    public int Gaps { get; private set; }

    /// <summary>Seconds of audio those skipped bytes would have held, at the bitrate of the frames around them.</summary>
    public double GapSeconds { get; private set; }

    /// <summary>Bytes of a last frame that the file ends inside (0 when the file ends on a frame boundary).</summary>
    public long TruncatedBytes { get; private set; }

    /// <summary>Times the sample rate or channel count changed between frames.</summary>
    public int FormatChanges { get; private set; }

    /// <summary>True once <see cref="MoveNext"/> has returned false: the whole file was walked.</summary>
    public bool IsDone => _done;


    /// <summary>The current frame's bytes (header included); valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> Frame => _window.AsSpan((int)(Position - _windowStart), Header.FrameLength);

    /// <summary>Moves to the next frame; false at the end of the audio.</summary>
    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        long from = _next;
        long pos = from;
        Mp3FrameHeader header;
        if (_started && TryFrameAt(pos, out header) && Continues(header) && pos + header.FrameLength <= _end)
        {
            Accept(pos, header, from);
            return true;
        }

        while (pos + Mp3FrameHeader.Size <= _end)
        {
            if (TryFrameAt(pos, out header) && pos + header.FrameLength > _end && Continues(header))
            {
                TruncatedBytes = _end - pos; // a frame of the stream begins here but the file ends inside it
                break;
            }

            if (TryChainAt(pos, out header))
            {
                Accept(pos, header, from);
                return true;
            }

            pos++;
        }

        // The rest is not audio: junk after the last frame (or a frame the file ends inside) has no frame after it.
        CountSkipped(from, TruncatedBytes > 0 ? pos : _end, betweenFrames: false);
        _done = true;
        return false;
    }

    private void Accept(long pos, Mp3FrameHeader header, long from)
    {
        CountSkipped(from, pos, betweenFrames: true);
        SkippedBefore = _started ? pos - from : 0;
        FormatChanged = _started && (header.SampleRate != _previous.SampleRate || header.Channels != _previous.Channels);
        if (FormatChanged)
        {
            FormatChanges++;
        }

        bool first = !_started;
        _started = true;
        _previous = header;
        Header = header;
        Position = pos;
        _next = pos + header.FrameLength;
        Load(pos, header.FrameLength);
        IsInfoFrame = first && ReadInfoTag(header);
        if (!IsInfoFrame)
        {
            Frames++;
            AudioSeconds += header.DurationSeconds;
        }
    }

    private void CountSkipped(long from, long to, bool betweenFrames)
    {
        long skipped = to - from;
        if (skipped <= 0)
        {
            return;
        }

        if (!_started)
        {
            return; // before the first frame (after the ID3v2 tag): where the audio starts, not damage
        }

        JunkBytes += skipped;
        if (!betweenFrames)
        {
            return;
        }

        Gaps++;
        GapSeconds += (double)skipped / _previous.FrameLength * _previous.DurationSeconds;
    }

    /// <summary>True when <paramref name="header"/> can follow the previous frame in the same stream.</summary>
    private bool Continues(Mp3FrameHeader header) =>
        !_started || (header.IsCompatibleWith(_previous) && header.Channels == _previous.Channels);

    /// <summary>A frame at <paramref name="pos"/> followed by enough frames of the same stream (or by the end of the file).</summary>
    private bool TryChainAt(long pos, out Mp3FrameHeader first)
    {
        if (!TryFrameAt(pos, out first) || pos + first.FrameLength > _end)
        {
            return false;
        }

        long next = pos + first.FrameLength;
        for (int run = 1; run < ChainToSync; run++)
        {
            if (next == _end)
            {
                return true;
            }

            if (!TryFrameAt(next, out var h) || !h.IsCompatibleWith(first) || h.Channels != first.Channels || next + h.FrameLength > _end)
            {
                return false;
            }

            next += h.FrameLength;
        }

        return true;
    }

    /// <summary>Parses the header at <paramref name="pos"/>, working out a free-format frame's length.</summary>
    private bool TryFrameAt(long pos, out Mp3FrameHeader header)
    {
        if (Load(pos, Mp3FrameHeader.Size) < Mp3FrameHeader.Size
            || !Mp3FrameHeader.TryParseAny(_window.AsSpan((int)(pos - _windowStart), Mp3FrameHeader.Size), out header))
        {
            header = default;
            return false;
        }

        if (!header.IsFreeFormat)
        {
            return true;
        }

        if (_freeFormatLength == 0 && !TryFindFreeFormatLength(pos, header))
        {
            return false;
        }

        header = header.WithFreeFormatLength(_freeFormatLength);
        return true;
    }

    /// <summary>
    /// A free-format stream's frames all have one length (plus padding): the distance from this frame to the next
    /// header of the same stream, confirmed by the one after it.
    /// </summary>
    private bool TryFindFreeFormatLength(long pos, Mp3FrameHeader first)
    {
        int minimum = first.SamplesPerFrame / 8 * 8 * 1000 / first.SampleRate; // 8 kbit/s
        for (int distance = Math.Max(minimum, 24); distance <= MaxFreeFormatLength && pos + distance + Mp3FrameHeader.Size <= _end; distance++)
        {
            if (!IsFreeHeaderLike(pos + distance, first, out var second))
            {
                continue;
            }

            int unpadded = distance - first.PaddingBytes;
            long third = pos + distance + unpadded + second.PaddingBytes;
            if (third == _end || (third + Mp3FrameHeader.Size <= _end && IsFreeHeaderLike(third, first, out _)))
            {
                _freeFormatLength = unpadded;
                return true;
            }
        }

        return false;
    }

    private bool IsFreeHeaderLike(long pos, Mp3FrameHeader first, out Mp3FrameHeader header)
    {
        header = default;
        return Load(pos, Mp3FrameHeader.Size) >= Mp3FrameHeader.Size
            && Mp3FrameHeader.TryParseAny(_window.AsSpan((int)(pos - _windowStart), Mp3FrameHeader.Size), out header)
            && header.IsFreeFormat && header.IsCompatibleWith(first) && header.Channels == first.Channels;
    }

    /// <summary>Reads the Xing/Info tag of the first frame, if it has one.</summary>
    private bool ReadInfoTag(Mp3FrameHeader h)
    {
        if (h.Layer != 3)
        {
            return false;
        }

        int sideInfo = h.Version == 1 ? (h.Channels == 1 ? 17 : 32) : (h.Channels == 1 ? 9 : 17);
        int at = Mp3FrameHeader.Size + sideInfo;
        if (h.FrameLength < at + 12)
        {
            return false;
        }

        var tag = Frame.Slice(at, 12);
        if (!tag[..4].SequenceEqual("Xing"u8) && !tag[..4].SequenceEqual("Info"u8))
        {
            return false;
        }

        uint flags = BinaryPrimitives.ReadUInt32BigEndian(tag[4..]);
        AnnouncedFrames = (flags & 1) != 0 ? BinaryPrimitives.ReadUInt32BigEndian(tag[8..]) : -1;
        return true;
    }

    /// <summary>Makes <paramref name="count"/> bytes from <paramref name="pos"/> readable in the window; returns how many are (fewer at the end).</summary>
    private int Load(long pos, int count)
    {
        if (pos < _windowStart || pos + count > _windowStart + _windowLength)
        {
            _stream.Position = pos;
            _windowStart = pos;
            _windowLength = _stream.ReadAtLeast(_window, Math.Min(_window.Length, (int)Math.Max(0, _stream.Length - pos)), throwOnEndOfStream: false);
        }

        return (int)Math.Min(count, _windowStart + _windowLength - pos);
    }

    private long AudioStart(long length)
    {
        long pos = 0;
        Span<byte> tag = stackalloc byte[10];
        while (pos + 10 <= length)
        {
            _stream.Position = pos;
            _stream.ReadExactly(tag);
            bool syncsafe = ((tag[6] | tag[7] | tag[8] | tag[9]) & 0x80) == 0;
            if (tag[0] != (byte)'I' || tag[1] != (byte)'D' || tag[2] != (byte)'3' || !syncsafe)
            {
                break;
            }

            int size = (tag[6] << 21) | (tag[7] << 14) | (tag[8] << 7) | tag[9];
            bool footer = (tag[5] & 0x10) != 0;
            pos = Math.Min(length, pos + 10 + size + (footer ? 10 : 0));
        }

        return pos;
    }

    /// <summary>ID3v1 ("TAG", 128 bytes) and APEv2 ("APETAGEX" footer) tags at the end of the file.</summary>
    private long TrailingTagLength(long length)
    {
        long tail = 0;
        Span<byte> buf = stackalloc byte[32];
        if (length >= 128)
        {
            _stream.Position = length - 128;
            _stream.ReadExactly(buf[..3]);
            if (buf[0] == (byte)'T' && buf[1] == (byte)'A' && buf[2] == (byte)'G')
            {
                tail = 128;
            }
        }

        if (length - tail >= 32)
        {
            _stream.Position = length - tail - 32;
            _stream.ReadExactly(buf);
            if (buf[..8].SequenceEqual("APETAGEX"u8))
            {
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(buf[12..]);
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(buf[20..]);
                bool hasHeader = (flags & 0x80000000) != 0;
                tail += size + (hasHeader ? 32 : 0);
            }
        }

        return Math.Min(tail, length);
    }
}

namespace RadioServer.LoadTest;

/// <summary>
/// Follows MPEG Layer III frames through one listener's audio (metadata already cut out), fed in pieces of any size.
/// It hunts for a header, takes it as tentative, and locks when the next header starts exactly where that frame
/// ended. Once locked, every frame must start where the previous one ended; a miss is one sync loss, after which it
/// hunts again (a tentative header that does not confirm costs nothing, so junk before the first frame is not a
/// loss). Zero losses over a run shows the ICY blocks were cut at exactly the right offsets and no byte was lost.
/// </summary>
internal sealed class MpegFrameTracker
{
    private const int Hunting = 0, Tentative = 1, Locked = 2;

    private int _state;
    private int _skip; // bytes of the current frame still to pass over
    private uint _header; // the last bytes seen, big-endian, while a header is being read or hunted for
    private int _headerBytes;

    /// <summary>Frames followed while locked.</summary>
    public long Frames { get; private set; }

    /// <summary>Times a locked stream had no header where the previous frame ended.</summary>
    public int SyncLosses { get; private set; }

    /// <summary>True once the stream has locked at least once.</summary>
    public bool EverLocked { get; private set; }

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_skip > 0)
            {
                int skipped = Math.Min(_skip, data.Length);
                _skip -= skipped;
                data = data[skipped..];
            }
            else if (_state == Hunting)
            {
                data = Hunt(data);
            }
            else
            {
                while (_headerBytes < 4 && !data.IsEmpty)
                {
                    _header = (_header << 8) | data[0];
                    _headerBytes++;
                    data = data[1..];
                }

                if (_headerBytes == 4)
                {
                    Check();
                }
            }
        }
    }

    private void Check()
    {
        int length = MpegHeader.FrameLength(_header);
        if (length > 4)
        {
            Frames += _state == Tentative ? 2 : 1;
            EverLocked = true;
            _state = Locked;
            _skip = length - 4;
            _headerBytes = 0;
            return;
        }

        if (_state == Locked)
        {
            SyncLosses++;
        }

        // A header may begin inside the four bytes just read: keep the last three as the start of the hunt.
        _state = Hunting;
        _headerBytes = 3;
    }

    /// <summary>Slides a four-byte window over <paramref name="data"/> until it holds a header; returns the rest.</summary>
    private ReadOnlySpan<byte> Hunt(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            _header = (_header << 8) | data[i];
            if (_headerBytes < 4)
            {
                _headerBytes++;
            }

            int length = _headerBytes == 4 ? MpegHeader.FrameLength(_header) : 0;
            if (length > 4)
            {
                _state = Tentative;
                _skip = length - 4;
                _headerBytes = 0;
                return data[(i + 1)..];
            }
        }

        return default;
    }
}

namespace RadioServer.Playout.Live;

/// <summary>
/// A bounded FIFO of interleaved station-format PCM between a network reader (writer, any thread) and the playout
/// thread (reader). When the writer runs ahead of the capacity the oldest audio is dropped. While closed, writes are
/// dropped (a source that has been released or refused cannot slip audio in); what was written before stays readable.
/// </summary>
public sealed class PcmFifo
{
    private readonly Lock _lock = new();
    private readonly float[] _ring;
    private int _start;
    private int _count;
    private bool _open;

    /// <param name="capacitySamples">Interleaved samples held at most.</param>
    public PcmFifo(int capacitySamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacitySamples);
        _ring = new float[capacitySamples];
    }

    /// <summary>Samples ready to read.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Empties the FIFO and accepts writes from now on.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _start = 0;
            _count = 0;
            _open = true;
        }
    }

    /// <summary>Stops accepting writes; with <paramref name="discard"/> what is buffered is dropped too.</summary>
    public void Close(bool discard)
    {
        lock (_lock)
        {
            _open = false;
            if (discard)
            {
                _count = 0;
            }
        }
    }

    public void Write(ReadOnlySpan<float> samples)
    {
        lock (_lock)
        {
            if (!_open)
            {
                return;
            }

            foreach (float s in samples)
            {
                if (_count == _ring.Length)
                {
                    _start = (_start + 1) % _ring.Length; // overrun: drop the oldest
                    _count--;
                }

                _ring[(_start + _count) % _ring.Length] = s;
                _count++;
            }
        }
    }

    /// <summary>Reads up to <paramref name="into"/>.Length samples; returns how many.</summary>
    public int Read(Span<float> into)
    {
        lock (_lock)
        {
            int n = Math.Min(into.Length, _count);
            for (int i = 0; i < n; i++)
            {
                into[i] = _ring[(_start + i) % _ring.Length];
            }

            _start = (_start + n) % _ring.Length;
            _count -= n;
            return n;
        }
    }
}

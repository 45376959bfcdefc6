using NAudio.Wave;

namespace RadioServer.Playout.Transitions;

/// <summary>
/// Plays items one after another as one endless stream, overlapping the last <c>overlap</c> of each item with the
/// start of the next. It reads each item <c>overlap</c> ahead, so it knows an item is ending before it has played
/// its tail; at that moment it asks <c>next</c> for the following item (null: no more, the tail plays out alone)
/// and mixes the two with the chosen <see cref="FadeCurve"/>. <see cref="ItemStarted"/> reports the output frame
/// where each item's first sample lands, which is where the engine marks its track start. A zero overlap is a
/// plain gapless cut. All items must already be in the station format. No allocation after construction.
/// </summary>
public sealed class CrossfadingPlayer : ISampleProvider
{
    private const int ChunkFrames = 2048;
    private readonly Func<ISampleProvider?> _next;
    private readonly int _channels;
    private readonly int _overlapFrames;
    private readonly float[] _ahead;     // ring of the current item's next samples (up to overlap + one chunk)
    private readonly float[] _incoming;  // the next item's head during a fade
    private ISampleProvider? _current;
    private int _aheadStart;
    private int _aheadFrames;
    private bool _currentEnded;
    private long _position;
    private int _fadeDone;
    private int _fadeLength = 1;
    private bool _tailAlone;

    public CrossfadingPlayer(WaveFormat format, TimeSpan overlap, FadeCurve curve, Func<ISampleProvider?> next)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentOutOfRangeException.ThrowIfLessThan(overlap, TimeSpan.Zero);
        WaveFormat = format;
        _channels = format.Channels;
        _overlapFrames = (int)Math.Round(overlap.TotalSeconds * format.SampleRate);
        Curve = curve;
        _next = next;
        _ahead = new float[(_overlapFrames + ChunkFrames) * _channels];
        _incoming = new float[ChunkFrames * _channels];
    }

    public WaveFormat WaveFormat { get; }

    public FadeCurve Curve { get; }

    /// <summary>Raised (on the reading thread) with the output frame at which an item's first sample plays.</summary>
    public event Action<long>? ItemStarted;

    public int Read(Span<float> buffer)
    {
        int filled = 0;
        int wanted = buffer.Length - (buffer.Length % _channels);
        while (filled < wanted)
        {
            if (_current is null && !TryStartNext())
            {
                break;
            }

            FillAhead();
            if (_currentEnded && _aheadFrames == 0)
            {
                _current = null; // played out; the next one starts (or nothing is left)
                continue;
            }

            if (_currentEnded && _aheadFrames <= _overlapFrames)
            {
                filled += _tailAlone ? PopAhead(buffer[filled..Math.Min(wanted, filled + (_aheadFrames * _channels))], default, fading: false)
                                     : Crossfade(buffer[filled..wanted]);
                continue;
            }

            // Keep the overlap in the ring until the item's end is known.
            int available = _aheadFrames - _overlapFrames;
            int frames = Math.Min(available, (wanted - filled) / _channels);
            filled += PopAhead(buffer.Slice(filled, frames * _channels), default, fading: false);
        }

        return filled;
    }

    /// <summary>Mixes the current item's tail (all in the ring) with the next item's head; the next then takes over.</summary>
    private int Crossfade(Span<float> output)
    {
        int tail = _aheadFrames;
        var incoming = _next();
        if (incoming is null)
        {
            _tailAlone = true; // nothing follows: the tail plays out unfaded, and next is asked again afterwards
            int frames = Math.Min(tail, output.Length / _channels);
            return PopAhead(output[..(frames * _channels)], default, fading: false);
        }

        ItemStarted?.Invoke(_position);
        _fadeDone = 0;
        _fadeLength = Math.Max(1, tail);
        int written = 0;
        while (_aheadFrames > 0)
        {
            int frames = Math.Min(Math.Min(_aheadFrames, ChunkFrames), (output.Length - written) / _channels);
            if (frames == 0)
            {
                // The caller's buffer is full mid-fade: finish the fade in the ring by mixing in place.
                break;
            }

            Span<float> head = _incoming.AsSpan(0, frames * _channels);
            int got = ReadFully(incoming, head);
            head[got..].Clear();
            written += PopAhead(output.Slice(written, frames * _channels), head, fading: true);
            _fadeDone += frames;
        }

        if (_aheadFrames > 0)
        {
            // Not enough room in this read: pre-mix the rest of the tail into the ring so the next read continues it.
            MixRemainingIntoRing(incoming);
        }

        _current = incoming;
        _currentEnded = false;
        return written;
    }

    private void MixRemainingIntoRing(ISampleProvider incoming)
    {
        int capacity = _ahead.Length / _channels;
        for (int i = 0; i < _aheadFrames; i++)
        {
            Span<float> head = _incoming.AsSpan(0, _channels);
            int got = ReadFully(incoming, head);
            head[got..].Clear();
            double progress = (double)(_fadeDone + i) / _fadeLength;
            float gOut = FadeCurves.FadeOut(Curve, progress);
            float gIn = FadeCurves.FadeIn(Curve, progress);
            int at = ((_aheadStart + i) % capacity) * _channels;
            for (int c = 0; c < _channels; c++)
            {
                _ahead[at + c] = (_ahead[at + c] * gOut) + (head[c] * gIn);
            }
        }
    }

    private bool TryStartNext()
    {
        _current = _next();
        if (_current is null)
        {
            return false;
        }

        ItemStarted?.Invoke(_position);
        _currentEnded = false;
        _tailAlone = false;
        return true;
    }

    /// <summary>Tops the ring up so it holds the overlap plus a chunk, or everything left of the item.</summary>
    private void FillAhead()
    {
        int capacity = _ahead.Length / _channels;
        while (!_currentEnded && _aheadFrames < capacity)
        {
            int end = (_aheadStart + _aheadFrames) % capacity;
            int frames = Math.Min(capacity - _aheadFrames, capacity - end);
            int got = _current!.Read(_ahead.AsSpan(end * _channels, frames * _channels)) / _channels;
            if (got <= 0)
            {
                _currentEnded = true;
                break;
            }

            _aheadFrames += got;
        }
    }

    /// <summary>Moves frames from the ring to <paramref name="output"/>, mixing in a fade when given.</summary>
    private int PopAhead(Span<float> output, ReadOnlySpan<float> head, bool fading)
    {
        int capacity = _ahead.Length / _channels;
        int frames = output.Length / _channels;
        for (int i = 0; i < frames; i++)
        {
            int at = _aheadStart * _channels;
            float gOut = 1;
            float gIn = 0;
            if (fading)
            {
                double progress = (double)(_fadeDone + i) / _fadeLength;
                gOut = FadeCurves.FadeOut(Curve, progress);
                gIn = FadeCurves.FadeIn(Curve, progress);
            }

            for (int c = 0; c < _channels; c++)
            {
                float incoming = fading ? head[(i * _channels) + c] : 0f;
                output[(i * _channels) + c] = (_ahead[at + c] * gOut) + (incoming * gIn);
            }

            _aheadStart = _aheadStart + 1 == capacity ? 0 : _aheadStart + 1;
        }

        _aheadFrames -= frames;
        _position += frames;
        return frames * _channels;
    }

    private static int ReadFully(ISampleProvider source, Span<float> into)
    {
        int filled = 0;
        int n;
        while (filled < into.Length && (n = source.Read(into[filled..])) > 0)
        {
            filled += n;
        }

        return filled;
    }
}

using NAudio.Wave;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Engine;

/// <summary>
/// One item on (or about to go on) air, as the engine mixes it: its audio is read ahead into a ring, so the engine
/// learns where the item ends while its last seconds are still unplayed (time to pick the next item and plan the
/// crossfade), and an envelope (fade-in, fade-outs, an end frame) shapes it. A hard cut, a skip and a transition's
/// fade-out are all fade-outs that end the item; where several apply, the lowest gain wins, so the gain never jumps.
/// Why by hand: NAudio's fade and mixing providers pull from their sources as they play, so none of them can say
/// where an item ends before it gets there, nor end an item on an exact bus frame.
/// </summary>
internal sealed class PlayoutDeck : IDisposable
{
    /// <summary>
    /// The most frames asked of the source in one read. NAudio's providers size their own buffers to the largest read
    /// (the mono-to-stereo source buffer, the resampler's input): a read ahead of a crossfade's seconds in one call gave
    /// every item 0.3-0.8 MB arrays on the large object heap, garbage only a full collection frees, so an idle
    /// station's memory grew by 2-3 MB at every track. 4,096 frames keep them under the large-object threshold
    /// (85 KB) at any resampling ratio up to 2.5 in stereo.
    /// </summary>
    internal const int MaxReadFrames = 4096;

    private readonly ISampleProvider _source;
    private readonly int _channels;
    private readonly float[] _ring;
    private readonly int _capacity;
    private readonly Action<float[]> _returnRing;
    private readonly List<Fade> _fadeOuts = [];
    private int _ringStart;
    private int _ringCount;
    private long _decoded;
    private bool _sourceEnded;
    private long _limit = long.MaxValue;   // the item ends here: its live length, or the end of a fade-out (cut, skip, transition)
    private long _liveLength = long.MaxValue;
    private long _cutEnd = -1;         // item frame where the cut for an insert ends it (-1: no cut)
    private long _fadeInFrames;
    private FadeCurve _fadeInCurve;
    private bool _disposed;

    /// <param name="sampleRate">The bus rate (a live item's exact length is its duration in frames).</param>
    public PlayoutDeck(OpenedItem opened, PlayoutItem item, TransitionSettings settings, int sampleRate, int channels, float[] ring, Action<float[]> returnRing)
    {
        ArgumentNullException.ThrowIfNull(opened);
        Opened = opened;
        Item = item;
        Settings = settings;
        _source = opened.Samples!;
        _channels = channels;
        _ring = ring;
        _capacity = ring.Length / channels;
        _returnRing = returnRing;
        if (opened.IsLive && opened.Duration is { } d)
        {
            _liveLength = (long)Math.Round(d.TotalSeconds * sampleRate);
            _limit = _liveLength;
            IsLive = true;
        }
    }

    /// <summary>A real-time source: read only as it airs (never ahead); its length is known from the start.</summary>
    public bool IsLive { get; }

    public OpenedItem Opened { get; }

    public PlayoutItem Item { get; }

    /// <summary>The item's resolved transition settings.</summary>
    public TransitionSettings Settings { get; }

    /// <summary>How this item came on air (for the log).</summary>
    public TransitionPlan Plan { get; set; }

    /// <summary>Bus frame of the item's first sample.</summary>
    public long StartFrame { get; private set; }

    /// <summary>Item frames already mixed onto the bus.</summary>
    public long Consumed { get; private set; }

    /// <summary>Frames read ahead and not yet mixed.</summary>
    public int Ahead => _ringCount;

    /// <summary>Its start was published (track start, aired report, log).</summary>
    public bool Announced { get; set; }

    /// <summary>The item after this one has been picked (or picking failed); it is not asked again.</summary>
    public bool NextPlanned { get; set; }

    /// <summary>An operator skipped it: it fades out now, and the next item is not crossfaded into it.</summary>
    public bool Skipped { get; private set; }

    /// <summary>The item's length in frames once its end is known (the source ended, or a cut or fade ends it first).</summary>
    public long? KnownLength => _sourceEnded ? Math.Min(_decoded, _limit) : _decoded >= _limit || IsLive ? _limit : null;

    /// <summary>The bus frame after the item's last sample, once known.</summary>
    public long? EndFrame => KnownLength is { } length ? StartFrame + length : null;

    /// <summary>All of it has been mixed.</summary>
    public bool Finished => KnownLength is { } length && Consumed >= length;

    /// <summary>Sets the bus frame of its first sample (before it starts).</summary>
    public void StartAt(long busFrame) => StartFrame = busFrame;

    /// <summary>Moves a not-yet-started item to an earlier start, keeping a cut on the same bus frame.</summary>
    public void MoveStart(long busFrame)
    {
        long delta = StartFrame - busFrame;
        StartFrame = busFrame;
        if (delta <= 0)
        {
            return;
        }

        // Only cuts are fixed in bus time (a waiting item has no other fade-out yet); a live item's length is its own.
        _limit = _liveLength;
        for (int i = 0; i < _fadeOuts.Count; i++)
        {
            _fadeOuts[i] = _fadeOuts[i] with { From = _fadeOuts[i].From + delta, To = _fadeOuts[i].To + delta };
            _limit = Math.Min(_limit, _fadeOuts[i].To);
        }

        if (_cutEnd >= 0)
        {
            _cutEnd += delta;
        }
    }

    /// <summary>The air time this item must end by (a hard insert's time, a soft insert's deadline), once cut.</summary>
    public DateTimeOffset? CutTime { get; private set; }

    /// <summary>Ends the item at item frame <paramref name="to"/> for an insert due at <paramref name="time"/>, fading out from <paramref name="from"/>.</summary>
    public void Cut(long from, long to, DateTimeOffset time)
    {
        FadeOutAndEnd(from, to, FadeCurve.Linear);
        _cutEnd = Math.Max(to, Consumed);
        CutTime = time;
    }

    /// <summary>
    /// Moves the cut to end at item frame <paramref name="to"/> (the air clock was re-anchored: the insert's time now
    /// falls on another bus frame), with every fade that ended where the cut did (the cut's own, a transition's);
    /// returns how far the item's end moved, in frames (0 when there is no cut or the item ends before it).
    /// </summary>
    public long MoveCut(long to)
    {
        if (_cutEnd < 0)
        {
            return 0;
        }

        to = Math.Max(to, Consumed);
        long oldEnd = _cutEnd;
        bool endedByCut = KnownLength is not { } length || length == oldEnd;
        long delta = to - oldEnd;
        _limit = _liveLength;
        for (int i = 0; i < _fadeOuts.Count; i++)
        {
            if (_fadeOuts[i].To == oldEnd)
            {
                long newTo = Math.Max(_fadeOuts[i].To + delta, Consumed);
                _fadeOuts[i] = _fadeOuts[i] with { From = Math.Clamp(_fadeOuts[i].From + delta, Consumed, newTo), To = newTo };
            }

            _limit = Math.Min(_limit, _fadeOuts[i].To);
        }

        _cutEnd = to;
        return endedByCut ? delta : 0;
    }

    public void FadeIn(long frames, FadeCurve curve)
    {
        _fadeInFrames = Math.Max(0, frames);
        _fadeInCurve = curve;
    }

    /// <summary>
    /// Fades out from item frame <paramref name="from"/> (never earlier than what has been mixed) to
    /// <paramref name="to"/>, where the item ends.
    /// </summary>
    public void FadeOutAndEnd(long from, long to, FadeCurve curve)
    {
        to = Math.Max(to, Consumed);
        from = Math.Clamp(from, Consumed, to);
        _fadeOuts.Add(new Fade(from, to, curve));
        _limit = Math.Min(_limit, to);
    }

    /// <summary>Fades out over <paramref name="frames"/> from what is mixed next.</summary>
    public void Skip(long frames)
    {
        Skipped = true;
        FadeOutAndEnd(Consumed, Consumed + frames, FadeCurve.Linear);
    }

    /// <summary>
    /// Reads ahead until <paramref name="frames"/> frames wait in the ring (at most the ring), the source ends, or
    /// the item's end is reached.
    /// </summary>
    public void ReadAhead(int frames)
    {
        Read(IsLive ? 0 : frames);
    }

    private void Read(int frames)
    {
        frames = Math.Min(frames, _capacity);
        while (!_sourceEnded && _ringCount < frames && _decoded < _limit)
        {
            int end = (_ringStart + _ringCount) % _capacity;
            long want = Math.Min(Math.Min(Math.Min(frames - _ringCount, _capacity - end), _limit - _decoded), MaxReadFrames);
            int got = _source.Read(_ring.AsSpan(end * _channels, (int)want * _channels)) / _channels;
            if (got <= 0)
            {
                _sourceEnded = true;
                break;
            }

            _ringCount += got;
            _decoded += got;
        }
    }

    /// <summary>
    /// Adds the item's frames that fall in the block starting at bus frame <paramref name="blockFirst"/> to
    /// <paramref name="block"/>, shaped by the envelope.
    /// </summary>
    public void MixInto(Span<float> block, long blockFirst)
    {
        int blockFrames = block.Length / _channels;
        long from = Math.Max(blockFirst, StartFrame + Consumed);
        long wanted = (blockFirst + blockFrames) - from;
        if (wanted <= 0)
        {
            return;
        }

        Read((int)Math.Min(wanted, _capacity));
        long available = Math.Min(_ringCount, _limit - Consumed);
        int frames = (int)Math.Min(wanted, available);
        int at = (int)(from - blockFirst) * _channels;
        for (int i = 0; i < frames; i++)
        {
            float gain = GainAt(Consumed + i);
            int src = ((_ringStart + i) % _capacity) * _channels;
            for (int c = 0; c < _channels; c++)
            {
                block[at + c] += _ring[src + c] * gain;
            }

            at += _channels;
        }

        _ringStart = (_ringStart + frames) % _capacity;
        _ringCount -= frames;
        Consumed += frames;
    }

    private float GainAt(long frame)
    {
        float gain = 1f;
        if (frame < _fadeInFrames)
        {
            gain = FadeCurves.FadeIn(_fadeInCurve, (double)frame / _fadeInFrames);
        }

        float fadeOut = 1f;
        foreach (var fade in _fadeOuts)
        {
            if (frame >= fade.From)
            {
                long length = fade.To - fade.From;
                fadeOut = Math.Min(fadeOut, FadeCurves.FadeOut(fade.Curve, (double)(frame - fade.From + 1) / (length + 1)));
            }
        }

        return gain * fadeOut;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Opened.Dispose();
        _returnRing(_ring);
    }

    private readonly record struct Fade(long From, long To, FadeCurve Curve);
}

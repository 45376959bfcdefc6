namespace RadioServer.Playout.Clock;

/// <summary>
/// Maps bus sample frames to air times: frame <c>f</c> airs at <c>anchorTime + (f − anchorFrame) / sampleRate</c>.
/// The host anchors it to the wall clock when playout starts; tests anchor it to any instant.
/// </summary>
public sealed class AirClock(int sampleRate)
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;
    private long _anchorFrame;
    private DateTimeOffset _anchorTime = DateTimeOffset.UnixEpoch;

    public int SampleRate { get; } = sampleRate > 0 ? sampleRate : throw new ArgumentOutOfRangeException(nameof(sampleRate));

    /// <summary>
    /// Counts the anchors set so far: the engine compares it per block, and when it changed, moves the cuts it had
    /// placed on bus frames to where their air times now fall.
    /// </summary>
    public long Generation { get; private set; }

    /// <summary>Frame <paramref name="frame"/> airs at <paramref name="time"/>.</summary>
    public void Anchor(long frame, DateTimeOffset time)
    {
        _anchorFrame = frame;
        _anchorTime = time;
        Generation++;
    }

    /// <summary>When bus frame <paramref name="frame"/> airs (rounded down to a tick).</summary>
    public DateTimeOffset TimeOf(long frame) =>
        _anchorTime + TimeSpan.FromTicks((long)((Int128)(frame - _anchorFrame) * TicksPerSecond / SampleRate));

    /// <summary>The first bus frame that airs at or after <paramref name="time"/>.</summary>
    public long FrameOf(DateTimeOffset time)
    {
        Int128 ticks = (time - _anchorTime).Ticks;
        Int128 scaled = ticks * SampleRate;
        Int128 frames = scaled / TicksPerSecond;
        if (frames * TicksPerSecond < scaled)
        {
            frames++;
        }

        return _anchorFrame + (long)frames;
    }
}

using NAudio.Wave;

namespace RadioServer.Playout.Engine;

/// <summary>
/// Ends an item at a given frame (a hard insert's time): the last <c>fadeFrames</c> before the cut are faded out
/// linearly, and the item reports its end exactly at the cut, so the next item starts on that frame.
/// </summary>
internal sealed class CutSampleProvider(ISampleProvider source, long framesUntilCut, long fadeFrames) : ISampleProvider
{
    private readonly int _channels = source.WaveFormat.Channels;
    private long _played;

    public WaveFormat WaveFormat => source.WaveFormat;

    /// <summary>Whether the item was cut (it still had audio at the cut frame).</summary>
    public bool WasCut { get; private set; }

    public int Read(Span<float> buffer)
    {
        long left = framesUntilCut - _played;
        if (left <= 0)
        {
            WasCut = true;
            return 0;
        }

        int want = (int)Math.Min(buffer.Length / _channels, left) * _channels;
        int n = source.Read(buffer[..want]);
        long fadeStart = framesUntilCut - fadeFrames;
        int first = (int)Math.Clamp((fadeStart - _played) * _channels, 0, n);
        for (int i = first; i < n; i++)
        {
            long frame = _played + (i / _channels);
            if (frame >= fadeStart)
            {
                buffer[i] *= (float)(framesUntilCut - frame) / (fadeFrames + 1);
            }
        }

        _played += n / _channels;
        return n;
    }
}

namespace RadioServer.Playout.Bus;

/// <summary>
/// One block of the station's PCM, as handed to every sink. The engine reuses the same instance and
/// buffers for every block: sinks must copy what they keep.
/// </summary>
public sealed class PcmBlock
{
    private readonly List<TrackStart> _trackStarts = [];

    internal PcmBlock(int frames, int channels)
    {
        Buffer = new float[frames * channels];
        Channels = channels;
    }

    internal float[] Buffer { get; }

    /// <summary>Interleaved samples of the block.</summary>
    public ReadOnlySpan<float> Samples => Buffer;

    public int Channels { get; }

    public int Frames => Buffer.Length / Channels;

    /// <summary>Bus frame index of the block's first sample.</summary>
    public long FirstFrame { get; internal set; }

    /// <summary>Items whose audio starts inside this block, in order.</summary>
    public IReadOnlyList<TrackStart> TrackStarts => _trackStarts;

    internal void Reset(long firstFrame)
    {
        FirstFrame = firstFrame;
        _trackStarts.Clear();
    }

    internal void AddTrackStart(TrackStart start) => _trackStarts.Add(start);

    /// <summary>Drops the track starts of this block (a live source is on air instead).</summary>
    internal void ClearTrackStarts() => _trackStarts.Clear();
}

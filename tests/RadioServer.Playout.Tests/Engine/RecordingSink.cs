using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>Counts what the bus delivers and checks it is continuous (no zero samples, no missing frames).</summary>
internal sealed class RecordingSink : IPcmSink
{
    private long _frames;

    public long Frames => Volatile.Read(ref _frames);

    public long ZeroSamples { get; private set; }

    public long Discontinuities { get; private set; }

    public List<TrackStart> Starts { get; } = [];

    public void Write(PcmBlock block)
    {
        if (block.FirstFrame != _frames)
        {
            Discontinuities++;
        }

        foreach (float s in block.Samples)
        {
            if (s == 0f)
            {
                ZeroSamples++;
            }
        }

        Starts.AddRange(block.TrackStarts);
        Volatile.Write(ref _frames, _frames + block.Frames);
    }
}

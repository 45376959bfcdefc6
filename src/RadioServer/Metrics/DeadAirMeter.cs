using RadioServer.Playout.Engine;

namespace RadioServer.Metrics;

/// <summary>
/// A PCM bus sink that measures silence on air: a block whose peak stays below <see cref="Threshold"/>
/// (-60 dBFS) counts as dead air. Called on the playout thread; one pass over the block's samples, no allocation.
/// </summary>
public sealed class DeadAirMeter(int sampleRate) : IPcmSink
{
    /// <summary>Peak below which a block is silence: -60 dBFS.</summary>
    public const float Threshold = 0.001f;

    private long _silentFrames;
    private long _runFrames;

    /// <summary>Seconds of silent audio since start.</summary>
    public double DeadAirSeconds => (double)Interlocked.Read(ref _silentFrames) / sampleRate;

    /// <summary>Length of the silence on air now (0 while there is sound).</summary>
    public double CurrentSilenceSeconds => (double)Interlocked.Read(ref _runFrames) / sampleRate;

    public void Write(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        float peak = 0;
        foreach (float s in block.Samples)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        if (peak < Threshold)
        {
            Interlocked.Add(ref _silentFrames, block.Frames);
            Interlocked.Add(ref _runFrames, block.Frames);
        }
        else
        {
            Interlocked.Exchange(ref _runFrames, 0);
        }
    }
}

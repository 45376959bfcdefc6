using NAudio.Wave;

namespace RadioServer.Playout.Audio;

/// <summary>Multiplies every sample by a fixed linear gain (the item's loudness-normalising gain). Allocation-free.</summary>
public sealed class GainSampleProvider(ISampleProvider source, float gain) : ISampleProvider
{
    public WaveFormat WaveFormat => source.WaveFormat;

    /// <summary>The linear gain applied.</summary>
    public float Gain { get; } = gain;

    public int Read(Span<float> buffer)
    {
        int n = source.Read(buffer);
        Span<float> s = buffer[..n];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] *= Gain;
        }

        return n;
    }
}

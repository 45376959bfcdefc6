using NAudio.Wave;

namespace RadioServer.Playout.Tests.Engine;

/// <summary><paramref name="frames"/> frames of one constant, non-zero value: any gap or overlap on the bus is visible.</summary>
internal sealed class ConstantSampleProvider(int sampleRate, int channels, long frames, float value) : ISampleProvider
{
    private long _left = frames * channels;

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels);

    public int Read(Span<float> buffer)
    {
        int n = (int)Math.Min(buffer.Length, _left);
        buffer[..n].Fill(value);
        _left -= n;
        return n;
    }
}

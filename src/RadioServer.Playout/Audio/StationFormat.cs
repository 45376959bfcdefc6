using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace RadioServer.Playout.Audio;

/// <summary>The PCM format of the station's bus: every item is converted to it before mixing.</summary>
public sealed record StationFormat(int SampleRate, int Channels)
{
    public static StationFormat Default { get; } = new(44100, 2);

    public WaveFormat WaveFormat => WaveFormat.CreateIeeeFloatWaveFormat(SampleRate, Channels);

    /// <summary>
    /// Wraps <paramref name="source"/> so it yields this format: channel count first when mixing down
    /// (less to resample), last when mixing up; sample rate through NAudio's WDL resampler.
    /// </summary>
    public ISampleProvider Convert(ISampleProvider source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var format = source.WaveFormat;
        if (format.Channels > 2)
        {
            throw new NotSupportedException($"{format.Channels} channels are not supported");
        }

        ISampleProvider p = source;
        if (format.Channels == 2 && Channels == 1)
        {
            p = new StereoToMonoSampleProvider(p) { LeftVolume = 0.5f, RightVolume = 0.5f };
        }

        if (format.SampleRate != SampleRate)
        {
            p = new WdlResamplingSampleProvider(p, SampleRate);
        }

        if (format.Channels == 1 && Channels == 2)
        {
            p = new MonoToStereoSampleProvider(p);
        }

        return p;
    }
}

using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Live;

/// <summary>Decoded live PCM at the source's rate and channel count → the station format → the <see cref="PcmFifo"/>.</summary>
internal sealed class LivePcmConverter(StationFormat format, PcmFifo input, int sampleRate, int channels)
{
    private readonly PcmQueueConverter _converter = new(format, sampleRate, channels);

    public int SampleRate => _converter.SampleRate;

    public int Channels => _converter.Channels;

    /// <summary>Sanitises, converts and writes interleaved samples at the source's format.</summary>
    public void Write(Span<float> samples)
    {
        Mp3FileSampleProvider.Sanitize(samples);
        input.Write(_converter.Convert(samples));
    }
}

using NAudio.Wave;
using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Live;

/// <summary>
/// Decoded live PCM at the source's rate and channel count → the station format (NAudio's converters, which pull) →
/// the <see cref="PcmFifo"/>: decoded samples are queued and the converter drains the queue after each push.
/// </summary>
internal sealed class LivePcmConverter
{
    private readonly PcmFifo _input;
    private readonly QueueSampleProvider _queue;
    private readonly ISampleProvider _converter;
    private readonly float[] _converted = new float[16384];

    public LivePcmConverter(StationFormat format, PcmFifo input, int sampleRate, int channels)
    {
        _input = input;
        _queue = new QueueSampleProvider(sampleRate, channels);
        _converter = format.Convert(_queue);
    }

    public int SampleRate => _queue.WaveFormat.SampleRate;

    public int Channels => _queue.WaveFormat.Channels;

    /// <summary>Sanitises, converts and writes interleaved samples at the source's format.</summary>
    public void Write(Span<float> samples)
    {
        Mp3FileSampleProvider.Sanitize(samples);
        _queue.Enqueue(samples);
        int got;
        while ((got = _converter.Read(_converted)) > 0)
        {
            _input.Write(_converted.AsSpan(0, got));
            if (_queue.Count == 0 && got < _converted.Length)
            {
                break;
            }
        }
    }

    /// <summary>A pull source fed by pushes: yields what has been queued, never waits.</summary>
    private sealed class QueueSampleProvider(int sampleRate, int channels) : ISampleProvider
    {
        private readonly Queue<float> _samples = new();

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels);

        public int Count => _samples.Count;

        public void Enqueue(ReadOnlySpan<float> samples)
        {
            foreach (float s in samples)
            {
                _samples.Enqueue(s);
            }
        }

        public int Read(Span<float> buffer)
        {
            int n = Math.Min(buffer.Length, _samples.Count);
            n -= n % WaveFormat.Channels;
            for (int i = 0; i < n; i++)
            {
                buffer[i] = _samples.Dequeue();
            }

            return n;
        }
    }
}

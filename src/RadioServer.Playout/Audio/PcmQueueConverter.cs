using NAudio.Wave;

namespace RadioServer.Playout.Audio;

/// <summary>
/// Converts pushed PCM from one sample rate and channel count to a <see cref="StationFormat"/>. NAudio's converters
/// pull from a source; this is that source (a queue of what was pushed), drained after each push. Used for a live
/// source (any format → the station's) and for a file whose later frames change format (→ its first format).
/// </summary>
internal sealed class PcmQueueConverter
{
    private readonly QueueSampleProvider _queue;
    private readonly ISampleProvider _converter;
    private float[] _converted = new float[8192];

    public PcmQueueConverter(StationFormat target, int sampleRate, int channels)
    {
        _queue = new QueueSampleProvider(sampleRate, channels);
        _converter = target.Convert(_queue);
    }

    public int SampleRate => _queue.WaveFormat.SampleRate;

    public int Channels => _queue.WaveFormat.Channels;

    /// <summary>Converts <paramref name="samples"/> (interleaved, in this converter's input format); the result is valid until the next call.</summary>
    public Span<float> Convert(ReadOnlySpan<float> samples)
    {
        _queue.Enqueue(samples);
        int total = 0;
        while (true)
        {
            if (_converted.Length - total < 4096)
            {
                Array.Resize(ref _converted, _converted.Length * 2);
            }

            int got = _converter.Read(_converted.AsSpan(total));
            total += got;
            if (got == 0 || _queue.Count == 0)
            {
                break;
            }
        }

        return _converted.AsSpan(0, total);
    }

    /// <summary>A pull source fed by pushes: yields what has been queued, never waits.</summary>
    private sealed class QueueSampleProvider(int sampleRate, int channels) : ISampleProvider
    {
        private float[] _samples = new float[8192];
        private int _start;
        private int _count;

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels);

        public int Count => _count;

        public void Enqueue(ReadOnlySpan<float> samples)
        {
            if (_start + _count + samples.Length > _samples.Length)
            {
                _samples.AsSpan(_start, _count).CopyTo(_samples);
                _start = 0;
                if (_count + samples.Length > _samples.Length)
                {
                    Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _count + samples.Length));
                }
            }

            samples.CopyTo(_samples.AsSpan(_start + _count));
            _count += samples.Length;
        }

        public int Read(Span<float> buffer)
        {
            int n = Math.Min(buffer.Length, _count);
            n -= n % WaveFormat.Channels;
            _samples.AsSpan(_start, n).CopyTo(buffer);
            _start += n;
            _count -= n;
            return n;
        }
    }
}

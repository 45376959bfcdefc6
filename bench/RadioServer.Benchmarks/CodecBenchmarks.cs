using BenchmarkDotNet.Attributes;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using RadioServer.Playout.Audio;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Benchmarks;

/// <summary>Decode (NLayer), resample (NAudio WDL) and encode (LAME): the per-second cost of the audio path.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly float[] _buffer = new float[8192];
    private float[] _station10s = [];
    private float[] _pcm48k10s = [];

    [GlobalSetup]
    public void Setup()
    {
        _station10s = DemoAudio.DecodeToStation(DemoAudio.File("music/01-ojo-ayo.mp3"))[..(44100 * 2 * 10)];
        using var decoder = new Mp3FileSampleProvider(DemoAudio.File("music/02-ife-okun.mp3"));
        _pcm48k10s = new float[48000 * 2 * 10];
        decoder.Read(_pcm48k10s);
    }

    [Benchmark(Description = "NLayer decode 44.1k stereo CBR 128k")]
    [AudioSeconds(30.0)]
    public long DecodeCbr44() => Drain(new Mp3FileSampleProvider(DemoAudio.File("music/01-ojo-ayo.mp3")));

    [Benchmark(Description = "NLayer decode 48k stereo VBR")]
    [AudioSeconds(32.0)]
    public long DecodeVbr48() => Drain(new Mp3FileSampleProvider(DemoAudio.File("music/02-ife-okun.mp3")));

    [Benchmark(Description = "NLayer decode 22.05k mono 64k")]
    [AudioSeconds(26.1)]
    public long DecodeMono22() => Drain(new Mp3FileSampleProvider(DemoAudio.File("music/03-barka-da-safiya.mp3")));

    [Benchmark(Description = "WDL resample 48k -> 44.1k stereo")]
    [AudioSeconds(10.0)]
    public long Resample48To44()
    {
        var source = new ArraySampleProvider(_pcm48k10s, WaveFormat.CreateIeeeFloatWaveFormat(48000, 2));
        var resampler = new WdlResamplingSampleProvider(source, 44100);
        long total = 0;
        int n;
        while ((n = resampler.Read(_buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    [Benchmark(Description = "LAME encode 128k stereo q5")]
    [AudioSeconds(10.0)]
    public int Encode128Stereo() => Encode(new LameEncoderSettings(44100, 2, 44100, 2, 128));

    [Benchmark(Description = "LAME encode 32k mono 22.05k q5 (data saver)")]
    [AudioSeconds(10.0)]
    public int Encode32Mono() => Encode(new LameEncoderSettings(44100, 2, 22050, 1, 32));

    private int Encode(LameEncoderSettings settings)
    {
        using var encoder = new LameMp3Encoder(settings);
        int bytes = 0;
        for (int i = 0; i < _station10s.Length; i += 4410)
        {
            bytes += encoder.Encode(_station10s.AsSpan(i, Math.Min(4410, _station10s.Length - i))).Length;
        }

        return bytes;
    }

    private long Drain(Mp3FileSampleProvider decoder)
    {
        using (decoder)
        {
            long total = 0;
            int n;
            while ((n = decoder.Read(_buffer)) > 0)
            {
                total += n;
            }

            return total;
        }
    }

    private sealed class ArraySampleProvider(float[] samples, WaveFormat format) : ISampleProvider
    {
        private int _pos;

        public WaveFormat WaveFormat => format;

        public int Read(Span<float> buffer)
        {
            int n = Math.Min(buffer.Length, samples.Length - _pos);
            samples.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }
    }
}

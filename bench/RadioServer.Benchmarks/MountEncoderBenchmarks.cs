using BenchmarkDotNet.Attributes;
using RadioServer.Playout.Bus;
using RadioServer.Streaming;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mp3;
using RadioServer.Streaming.Opus;

namespace RadioServer.Benchmarks;

/// <summary>
/// Encoder CPU per mount: 10 s of the station's PCM through each mount encoder, block by block as the bus
/// feeds it. Encoders are bus sinks, called once per block whatever the number of listeners; what each
/// listener costs is measured separately in <see cref="FanOutBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class MountEncoderBenchmarks
{
    private static readonly OpusEncoderSettings OpusSettings = new(44100, 2, 2, 48);
    private float[] _pcm = [];
    private PcmBlock _block = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pcm = DemoAudio.DecodeToStation(DemoAudio.File("music/01-ojo-ayo.mp3"))[..(44100 * 2 * 10)];
        _block = new PcmBlock(2205, 2);
    }

    [Benchmark(Description = "mount /stream.mp3: MP3 128k stereo")]
    [AudioSeconds(10.0)]
    public long Mp3Stereo128() => Run(new Mp3MountEncoder(new LameEncoderSettings(44100, 2, 44100, 2, 128), NewBuffer(), TimeSpan.FromMilliseconds(100)));

    [Benchmark(Description = "mount /mobile.mp3: MP3 32k mono 22.05k")]
    [AudioSeconds(10.0)]
    public long Mp3Mono32() => Run(new Mp3MountEncoder(new LameEncoderSettings(44100, 2, 22050, 1, 32), NewBuffer(), TimeSpan.FromMilliseconds(100)));

    [Benchmark(Description = "mount /stream.opus: Opus 48k stereo (Ogg), libopus")]
    [AudioSeconds(10.0)]
    public long Opus48() => Run(new OpusMountEncoder(OpusSettings, NewBuffer(), TimeSpan.FromMilliseconds(100), static () => new LibOpusPacketEncoder(2, OpusSettings)));

    [Benchmark(Description = "mount /stream.opus: Opus 48k stereo (Ogg), Concentus (fallback)")]
    [AudioSeconds(10.0)]
    public long Opus48Concentus() => Run(new OpusMountEncoder(OpusSettings, NewBuffer(), TimeSpan.FromMilliseconds(100), static () => new ConcentusPacketEncoder(2, OpusSettings)));

    private static BroadcastBuffer NewBuffer() => new(10_000_000, TimeSpan.FromMilliseconds(500));

    private long Run(IMountEncoder encoder)
    {
        using (encoder)
        {
            for (int i = 0; i + _block.Buffer.Length <= _pcm.Length; i += _block.Buffer.Length)
            {
                _block.Reset(i / 2);
                _pcm.AsSpan(i, _block.Buffer.Length).CopyTo(_block.Buffer);
                encoder.Write(_block);
            }

            return encoder.Buffer.TotalBytes;
        }
    }
}

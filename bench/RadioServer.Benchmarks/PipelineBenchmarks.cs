using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Benchmarks;

/// <summary>
/// The whole playout path for one mount, without the clock: the demo playlist → probe → NLayer → format
/// conversion → PCM bus → LAME 128k → frame splitter → broadcast buffer. One invocation renders 60 s of air.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    [Benchmark(Description = "Playlist -> bus -> LAME 128k -> buffer (one mount)")]
    [AudioSeconds(60.0)]
    public long OneMount()
    {
        var format = StationFormat.Default;
        var bus = new PcmBus(format);
        var buffer = new BroadcastBuffer(1_000_000, TimeSpan.FromMilliseconds(500));
        using var encoder = new Mp3MountEncoder(new LameEncoderSettings(44100, 2, 44100, 2, 128), buffer, TimeSpan.FromMilliseconds(100));
        bus.Attach(encoder);
        using var engine = new PlayoutEngine(new PlaylistRotation(DemoAudio.File("demo.m3u")), new Mp3ItemOpener(format), bus,
            NullLogger.Instance, TimeSpan.FromMilliseconds(50));
        for (int i = 0; i < 60 * 20; i++)
        {
            engine.RenderNextBlock();
        }

        return buffer.TotalBytes;
    }
}

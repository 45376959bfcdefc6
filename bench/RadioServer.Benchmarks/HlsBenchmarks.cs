using BenchmarkDotNet.Attributes;
using RadioServer.Playout.Bus;
using RadioServer.Streaming.Hls;

namespace RadioServer.Benchmarks;

/// <summary>
/// HLS CPU per rendition (issue 13): 10 s of the station's PCM through <see cref="HlsOutput"/>, block by block as the bus
/// feeds it, for each of the demo's renditions alone and for all three together (what the station runs). That is LAME
/// without a bit reservoir plus the MPEG-TS muxing and the segment cut; writing segments to disk happens elsewhere
/// (<see cref="HlsSegmentStore"/>) and is not included. The cost does not depend on the number of listeners: they fetch
/// files. "% of a core" (RealTimeColumn.cs) is the share of one core a rendition keeps busy in real time.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/RadioServer.Benchmarks -- --filter '*HlsBenchmarks*' --job short</remarks>
[MemoryDiagnoser]
public class HlsBenchmarks
{
    private const double Seconds = 10.0;

    private static readonly HlsRenditionOptions Standard = new() { Name = "standard", Bitrate = 96, SampleRate = 44100, Channels = 2 };
    private static readonly HlsRenditionOptions Saver = new() { Name = "saver", Bitrate = 32, SampleRate = 22050, Channels = 1 };
    private static readonly HlsRenditionOptions High = new() { Name = "high", Bitrate = 192, SampleRate = 44100, Channels = 2 };

    private float[] _pcm = [];
    private PcmBlock _block = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pcm = DemoAudio.DecodeToStation(DemoAudio.File("music/01-ojo-ayo.mp3"))[..(int)(44100 * 2 * Seconds)];
        _block = new PcmBlock(2205, 2); // 50 ms, as the bus hands them out
    }

    [Benchmark(Description = "HLS standard: MP3 96k stereo 44.1k + TS")]
    [AudioSeconds(Seconds)]
    public long StandardRendition() => Run(Standard);

    [Benchmark(Description = "HLS saver: MP3 32k mono 22.05k + TS")]
    [AudioSeconds(Seconds)]
    public long SaverRendition() => Run(Saver);

    [Benchmark(Description = "HLS high: MP3 192k stereo 44.1k + TS")]
    [AudioSeconds(Seconds)]
    public long HighRendition() => Run(High);

    [Benchmark(Description = "HLS all three (the demo station)")]
    [AudioSeconds(Seconds)]
    public long AllRenditions() => Run(Standard, Saver, High);

    private long Run(params HlsRenditionOptions[] renditions)
    {
        long bytes = 0;
        var options = new HlsOptions { SegmentSeconds = 4, Renditions = renditions };
        var air = new Playout.Clock.AirClock(44100);
        air.Anchor(0, DateTimeOffset.UnixEpoch);
        using (var output = new HlsOutput(options, 44100, 2, air, 0, segment => bytes += segment.Bytes.Length))
        {
            for (int i = 0; i + _block.Buffer.Length <= _pcm.Length; i += _block.Buffer.Length)
            {
                _block.Reset(i / 2);
                _pcm.AsSpan(i, _block.Buffer.Length).CopyTo(_block.Buffer);
                output.Write(_block);
            }
        }

        return bytes; // the two complete segments of each rendition (the third is still open after 10 s)
    }
}

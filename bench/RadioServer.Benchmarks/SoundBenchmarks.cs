using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Sound;
using RadioServer.Playout.Transitions;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Benchmarks;

/// <summary>
/// Loudness analysis and the bus limiter: the meters alone on 10 s of station PCM, a whole file analysed on one
/// core (decode + meters), the whole demo library (201 s of audio, 9 files) on all cores, and the limiter as it
/// runs on the bus (50 ms blocks).
/// </summary>
[MemoryDiagnoser]
public class SoundBenchmarks
{
    private float[] _station10s = [];
    private float[] _work = [];
    private string[] _library = [];
    private BackgroundAnalyzer? _analyzed;

    [GlobalSetup]
    public void Setup()
    {
        _station10s = DemoAudio.DecodeToStation(DemoAudio.File("music/01-ojo-ayo.mp3"))[..(44100 * 2 * 10)];
        _work = new float[_station10s.Length];
        _library = [.. Directory.EnumerateFiles(Path.Combine(DemoAudio.Root, "playlists"), "*.mp3", SearchOption.AllDirectories)];
        _analyzed = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        _analyzed.AnalyseAll(_library, Environment.ProcessorCount);
    }

    [GlobalCleanup]
    public void Cleanup() => _analyzed?.Dispose();

    [Benchmark(Description = "Levelled pipeline: playlist -> gain/cues -> 2 s crossfades -> bus + limiter -> LAME 128k (one mount)")]
    [AudioSeconds(60.0)]
    public long LevelledPipeline()
    {
        var format = StationFormat.Default;
        var bus = new PcmBus(format) { Processor = new TruePeakLimiter(44100, 2, -1) };
        var buffer = new BroadcastBuffer(1_000_000, TimeSpan.FromMilliseconds(500));
        using var encoder = new Mp3MountEncoder(new LameEncoderSettings(44100, 2, 44100, 2, 128), buffer, TimeSpan.FromMilliseconds(100));
        bus.Attach(encoder);
        var opener = new Mp3ItemOpener(format, _analyzed, new LoudnessSettings());
        using var engine = new PlayoutEngine(new PlaylistRotation(DemoAudio.File("demo.m3u")), opener, bus,
            NullLogger.Instance, TimeSpan.FromMilliseconds(50)) { StationTransitions = TransitionSettings.StationDefaults };
        for (int i = 0; i < 60 * 20; i++)
        {
            engine.RenderNextBlock();
        }

        return buffer.TotalBytes;
    }

    [Benchmark(Description = "BS.1770 loudness meter 44.1k stereo")]
    [AudioSeconds(10.0)]
    public double LoudnessMeter()
    {
        var meter = new LoudnessMeter(44100, 2);
        meter.Process(_station10s);
        return meter.IntegratedLoudness() + meter.LoudnessRange();
    }

    [Benchmark(Description = "True-peak meter 4x 44.1k stereo")]
    [AudioSeconds(10.0)]
    public double TruePeakMeter()
    {
        var meter = new TruePeakMeter(2);
        meter.Process(_station10s);
        return meter.TruePeakDb;
    }

    [Benchmark(Description = "Analyse one file (decode + meters), 1 core")]
    [AudioSeconds(30.0)]
    public double AnalyseFile() => TrackAnalyzer.Analyze(DemoAudio.File("music/01-ojo-ayo.mp3")).IntegratedLufs;

    [Benchmark(Description = "Analyse demo library, 1 core")]
    [AudioSeconds(201.0)]
    public int AnalyseLibraryOneCore()
    {
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        return analyzer.AnalyseAll(_library, 1).Count;
    }

    [Benchmark(Description = "Analyse demo library, all cores")]
    [AudioSeconds(201.0)]
    public int AnalyseLibrary()
    {
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        return analyzer.AnalyseAll(_library, Environment.ProcessorCount).Count;
    }

    [Benchmark(Description = "True-peak limiter on the bus, 50 ms blocks")]
    [AudioSeconds(10.0)]
    public float Limiter()
    {
        var limiter = new TruePeakLimiter(44100, 2, -1);
        _station10s.CopyTo(_work, 0);
        for (int i = 0; i < _work.Length; i += 4410)
        {
            limiter.Process(_work.AsSpan(i, Math.Min(4410, _work.Length - i)));
        }

        return _work[^1];
    }
}

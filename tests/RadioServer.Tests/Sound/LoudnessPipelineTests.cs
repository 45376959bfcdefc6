using NLayer;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Sound;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.Sound;

/// <summary>
/// Items of very different loudness (−27, −8, −20 LUFS, one with peaks near full scale, one with silent head
/// and tail), real MP3 files, analysed, then played through engine → bus (limiter) → LAME, measured on the bus
/// and on the encoded stream decoded back.
/// </summary>
[Trait("Layer", "Unit")]
public class LoudnessPipelineTests(ITestOutputHelper output)
{
    private const double Target = -16;
    private const double Ceiling = -1;

    private static (RecordingEncoderSink Sink, string[] Paths, long Latency) Play(double ceiling = Ceiling)
    {
        string dir = StationHost.TempDir();
        string[] paths =
        [
            LoudnessSignals.WriteMp3(dir, "quiet.mp3", LoudnessSignals.Chord(10, -27, silentHead: 1.5, silentTail: 1.0, seed: 1)),
            LoudnessSignals.WriteMp3(dir, "loud.mp3", LoudnessSignals.Chord(10, -8, burstDb: 3, seed: 2)),
            LoudnessSignals.WriteMp3(dir, "middle-peaky.mp3", LoudnessSignals.Chord(10, -20, burstDb: 6, seed: 3)),
        ];
        return Play(ceiling, paths);
    }

    private static (RecordingEncoderSink Sink, string[] Paths, long Latency) Play(double ceiling, string[] paths)
    {
        string dir = Path.GetDirectoryName(paths[0])!;
        string m3u = Path.Combine(dir, "list.m3u");
        File.WriteAllLines(m3u, paths);

        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        analyzer.AnalyseAll(paths, 2);
        var limiter = new TruePeakLimiter(44100, 2, ceiling);
        var bus = new PcmBus(StationFormat.Default) { Processor = limiter };
        var sink = new RecordingEncoderSink();
        bus.Attach(sink);
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        using var engine = new PlayoutEngine(new PlaylistRotation(m3u, logger), new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(Target)),
            bus, logger, TimeSpan.FromMilliseconds(50));
        for (int i = 0; i < 20 * 33; i++)
        {
            engine.RenderNextBlock();
        }

        return (sink, paths, limiter.LatencyFrames);
    }

    [Fact]
    public void Play_ItemsOfDifferentLoudness_EachAtTargetAndUnderCeiling()
    {
        var (sink, paths, _) = Play();
        using var _ = sink;
        float[] pcm = [.. sink.Pcm];
        var meter = new LoudnessMeter(44100, 2);
        meter.Process(pcm);
        var peak = new TruePeakMeter(2);
        peak.Process(pcm);

        Assert.True(sink.Starts.Count >= 3);
        for (int i = 0; i < 3; i++)
        {
            long from = sink.Starts[i].BusFrame;
            long to = sink.Starts[i + 1 < sink.Starts.Count ? i + 1 : i].BusFrame is var next && next > from ? next : meter.Frames;
            double lufs = meter.IntegratedLoudness(from, to);
            output.WriteLine($"bus: {Path.GetFileName(paths[i])}: {lufs:F2} LUFS");
            Assert.True(Math.Abs(lufs - Target) <= 1.0, $"{Path.GetFileName(paths[i])}: {lufs:F2} LUFS on the bus");
        }

        output.WriteLine($"bus: sample peak {peak.SamplePeakDb:F2} dBFS, true peak {peak.TruePeakDb:F2} dBTP");
        Assert.True(peak.SamplePeakDb <= Ceiling + 1e-4, $"sample peak {peak.SamplePeakDb:F3} dBFS");
        Assert.True(peak.TruePeakDb <= Ceiling + 0.2, $"true peak {peak.TruePeakDb:F3} dBTP");
    }

    [Fact]
    public void Play_EncodedAndDecodedBack_EachItemWithin1LuOfTarget()
    {
        var (sink, paths, _) = Play();
        using var _ = sink;
        using var mpeg = new MpegFile(new MemoryStream(sink.Mp3()));
        var decoded = new List<float>();
        var buffer = new float[8192];
        int n;
        while ((n = mpeg.ReadSamples(buffer, 0, buffer.Length)) > 0)
        {
            decoded.AddRange(buffer.AsSpan(0, n));
        }

        var meter = new LoudnessMeter(44100, 2);
        meter.Process([.. decoded]);
        var peak = new TruePeakMeter(2);
        peak.Process([.. decoded]);
        for (int i = 0; i < 3; i++)
        {
            // Half a second inside each item: the encoder and decoder delays (≈ 50 ms) do not matter.
            long from = sink.Starts[i].BusFrame + 22050;
            long to = (i + 1 < sink.Starts.Count ? sink.Starts[i + 1].BusFrame : meter.Frames) - 22050;
            double lufs = meter.IntegratedLoudness(from, to);
            output.WriteLine($"decoded: {Path.GetFileName(paths[i])}: {lufs:F2} LUFS");
            Assert.True(Math.Abs(lufs - Target) <= 1.0, $"{Path.GetFileName(paths[i])}: {lufs:F2} LUFS decoded");
        }

        output.WriteLine($"decoded: sample peak {peak.SamplePeakDb:F2} dBFS, true peak {peak.TruePeakDb:F2} dBTP");
        // MP3 coding adds overshoot on top of the limited PCM; −1 dBTP leaves room for it at 192 kbps.
        Assert.True(peak.SamplePeakDb <= 0, $"decoded sample peak {peak.SamplePeakDb:F3} dBFS");
    }

    [Fact]
    public void Play_MixedInputFormats_EachAtTargetOnTheStereoBus()
    {
        // MPEG-2.5 8 kHz mono, MPEG-2 22.05 kHz mono, MPEG-1 48 kHz stereo: analysed at their own rates (K-weighting
        // derived per rate, mono as dual mono), resampled to 44.1 kHz stereo, levelled.
        string dir = StationHost.TempDir();
        string[] paths =
        [
            LoudnessSignals.WriteMp3(dir, "mono8k.mp3", LoudnessSignals.Chord(8, -25, rate: 8000, channels: 1), 8000, 1, 32),
            LoudnessSignals.WriteMp3(dir, "mono22k.mp3", LoudnessSignals.Chord(8, -12, rate: 22050, channels: 1), 22050, 1, 64),
            LoudnessSignals.WriteMp3(dir, "stereo48k.mp3", LoudnessSignals.Chord(8, -19, burstDb: 3, rate: 48000), 48000, 2, 160),
        ];
        foreach (string path in paths)
        {
            var a = TrackAnalyzer.Analyze(path);
            output.WriteLine($"analysis: {Path.GetFileName(path)}: {a.IntegratedLufs:F2} LUFS at {a.SampleRate} Hz, {a.Channels} ch");
        }

        var (sink, _, _) = Play(Ceiling, paths);
        using var _ = sink;
        var meter = new LoudnessMeter(44100, 2);
        meter.Process([.. sink.Pcm]);
        for (int i = 0; i < 3; i++)
        {
            long from = sink.Starts[i].BusFrame;
            long to = sink.Starts[i + 1].BusFrame;
            double lufs = meter.IntegratedLoudness(from, to);
            output.WriteLine($"bus: {Path.GetFileName(paths[i])}: {lufs:F2} LUFS");
            Assert.True(Math.Abs(lufs - Target) <= 1.0, $"{Path.GetFileName(paths[i])}: {lufs:F2} LUFS on the bus");
        }
    }

    [Fact]
    public void Play_CeilingWithCodecMargin_DecodedStreamStaysUnderMinus1()
    {
        // At −1 dBTP the MP3's own overshoot reaches about −0.8 dBFS; a ceiling 1 dB lower keeps the decoded stream under −1.
        var (sink, _, _) = Play(ceiling: -2);
        using var _ = sink;
        using var mpeg = new MpegFile(new MemoryStream(sink.Mp3()));
        var peak = new TruePeakMeter(mpeg.Channels);
        var buffer = new float[8192];
        int n;
        while ((n = mpeg.ReadSamples(buffer, 0, buffer.Length)) > 0)
        {
            peak.Process(buffer.AsSpan(0, n));
        }

        output.WriteLine($"ceiling -2: decoded sample peak {peak.SamplePeakDb:F2} dBFS, true peak {peak.TruePeakDb:F2} dBTP");
        Assert.True(peak.SamplePeakDb <= -1.0, $"decoded sample peak {peak.SamplePeakDb:F3} dBFS");
    }

    [Fact]
    public void Play_QuietItemWithSilentHeadAndTail_NoSilenceBetweenItems()
    {
        var (sink, _, latency) = Play();
        using var _ = sink;
        float[] pcm = [.. sink.Pcm];
        long end = sink.Starts[^1].BusFrame + (44100 * 5);
        int longest = 0;
        int run = 0;
        for (long f = latency; f < end && (2 * f) + 1 < pcm.Length; f++)
        {
            bool silent = Math.Abs(pcm[2 * f]) < 1e-4 && Math.Abs(pcm[(2 * f) + 1]) < 1e-4;
            run = silent ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        output.WriteLine($"longest silence {longest * 1000.0 / 44100:F0} ms");
        // The source files hold 1.5 s of silence before and 1 s after the quiet item: cue points trim it.
        Assert.True(longest < 44100 * 0.05, $"longest silence {longest * 1000.0 / 44100:F0} ms");
    }
}

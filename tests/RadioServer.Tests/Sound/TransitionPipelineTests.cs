using Microsoft.Extensions.Logging.Abstractions;
using NLayer;
using RadioServer.Configuration;
using RadioServer.Playout;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Live;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mounts;
using RadioServer.Streaming.Mp3;
using RadioServer.Streaming.Opus;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.Sound;

/// <summary>
/// Issue 4's acceptance: a demo sequence (songs of very different loudness, one with a silent head and tail, one
/// peaky, one mastered loud with transients, and a news bulletin) from real MP3 files, through a real schedule file, analysis, levelling, the engine's
/// transitions with the station's default settings, the bus limiter and a mount's LAME encoder, then decoded back
/// and measured: loudness per item, peaks, the crossfade's length, silence between items and the news start.
/// Each item is a chord of its own notes, so a Goertzel filter tells which items are audible at any moment.
/// </summary>
[Trait("Layer", "Unit")]
public class TransitionPipelineTests(ITestOutputHelper output)
{
    private const int Rate = 44100;
    private const double Target = -16;
    private static readonly double[] NotesA = [220, 330, 440];
    private static readonly double[] NotesB = [880, 1100, 1320];
    private static readonly double[] NotesNews = [2500, 3000];
    private static readonly double[] NotesC = [1760, 2093];
    private static readonly double[] NotesD = [523, 659];
    private static readonly double[] NotesE = [392, 494, 587];

    private sealed record Run(float[] Bus, float[] Decoded, List<TrackStart> Starts, StationOptions Options, double Ceiling);

    /// <summary>The demo sequence through the pipeline, encoded as <paramref name="mount"/> and decoded back (aligned to the bus).</summary>
    private static Run Play(MountOptions mount, double seconds)
    {
        string dir = StationHost.TempDir();
        string music = Path.Combine(dir, "music");
        string news = Path.Combine(dir, "news");
        Directory.CreateDirectory(music);
        Directory.CreateDirectory(news);
        LoudnessSignals.WriteMp3(music, "a-quiet.mp3", LoudnessSignals.Chord(12, -27, silentHead: 1.0, silentTail: 1.0, frequencies: NotesA));
        LoudnessSignals.WriteMp3(music, "b-loud.mp3", LoudnessSignals.Chord(12, -8, frequencies: NotesB));
        LoudnessSignals.WriteMp3(music, "c-middle.mp3", LoudnessSignals.Chord(12, -20, frequencies: NotesC));
        LoudnessSignals.WriteMp3(music, "d-peaky.mp3", LoudnessSignals.Chord(12, -12, burstDb: 5, seed: 4, frequencies: NotesD));
        LoudnessSignals.WriteMp3(music, "e-mastered-loud.mp3", LoudnessSignals.Chord(10, -8, burstDb: 3, seed: 2, frequencies: NotesE));
        LoudnessSignals.WriteMp3(news, "bulletin.mp3", LoudnessSignals.Chord(8, -18, frequencies: NotesNews));
        File.WriteAllLines(Path.Combine(dir, "music.m3u"), ["music/a-quiet.mp3", "music/b-loud.mp3", "music/c-middle.mp3", "music/d-peaky.mp3", "music/e-mastered-loud.mp3"]);
        string schedulePath = Path.Combine(dir, "schedule.yaml");
        File.WriteAllText(schedulePath, """
            time_zone: Africa/Lagos
            playlists:
              music:
                path: music.m3u
                rotation: sequential
              news:
                path: news
                kind: news
            default_rotation:
              - playlist: music
            station_id:
              playlist: news
              every_tracks: 2
            """);

        // The production composition (the same StationPlayout the host runs) on the station's defaults: −16 LUFS,
        // −1 dBTP less the mount's codec margin, 2 s equal-power crossfades, 1.5 s before a break; clock-free here.
        var options = new StationOptions { Schedule = schedulePath, Mounts = [mount] };
        var playoutOptions = options.ToPlayoutOptions() with { DataFolder = null, AnalysisThreads = 0 };
        double ceiling = playoutOptions.LimiterCeilingDbtp;
        var format = playoutOptions.Format;
        using var playout = new StationPlayout(playoutOptions, TimeProvider.System, NullLoggerFactory.Instance);
        playout.Analyzer.AnalyseAll([.. Directory.GetFiles(music), .. Directory.GetFiles(news)], 2);
        using var sink = new RecordingEncoderSink(new LameEncoderSettings(format.SampleRate, format.Channels, mount.SampleRate, mount.Channels, mount.Bitrate, mount.Quality));
        playout.Bus.Attach(sink);
        var oggBuffer = new BroadcastBuffer(64 << 20, TimeSpan.FromMilliseconds(500));
        if (mount.IsOgg)
        {
            playout.Bus.Attach(new OpusMountEncoder(new OpusEncoderSettings(format.SampleRate, format.Channels, mount.Channels, mount.Bitrate), oggBuffer,
                TimeSpan.FromMilliseconds(mount.ChunkMilliseconds)));
        }

        for (int i = 0; i < seconds * 1000 / options.BlockMilliseconds; i++)
        {
            playout.RenderNextBlock();
        }

        float[] pcm = [.. sink.Pcm];
        return new Run(pcm, mount.IsOgg ? DecodeOgg(oggBuffer, format, pcm) : Decode(sink.Mp3(), pcm), sink.Starts, options, ceiling);
    }

    /// <summary>
    /// Decodes the mount's Ogg Opus stream (every chunk from the first, chained titles included) with the live input's
    /// Opus decoder, which also converts it to the bus format, and removes the codec's delay.
    /// </summary>
    private static float[] DecodeOgg(BroadcastBuffer buffer, StationFormat format, float[] bus)
    {
        var input = new LiveInput(bus.Length + (format.SampleRate * 4));
        Assert.True(input.TryAcquire("test", "decode"));
        var decoder = new LiveOggOpusDecoder(format, input);
        for (long sequence = 0; buffer.TryRead(sequence, out var chunk) == ChunkRead.Ok; sequence++)
        {
            decoder.Push(chunk!.Data.Span);
        }

        var decoded = new float[input.Audio.Available];
        input.Audio.Read(decoded);
        return Align(decoded, bus);
    }

    /// <summary>Decodes the stream to 44.1 kHz stereo and removes the codec's delay (found by cross-correlation with the bus).</summary>
    private static float[] Decode(byte[] mp3, float[] bus)
    {
        using var mpeg = new MpegFile(new MemoryStream(mp3));
        var decoded = new List<float>();
        var buffer = new float[8192];
        int n;
        while ((n = mpeg.ReadSamples(buffer, 0, buffer.Length)) > 0)
        {
            decoded.AddRange(buffer.AsSpan(0, n));
        }

        float[] stereo = mpeg.Channels == 2 ? [.. decoded] : [.. decoded.SelectMany(s => new[] { s, s })];
        if (mpeg.SampleRate != Rate)
        {
            // Back to the bus rate for frame-exact comparisons (linear interpolation is plenty for levels and timing).
            double ratio = (double)mpeg.SampleRate / Rate;
            int frames = (int)(((stereo.Length / 2) - 1) / ratio);
            var resampled = new float[frames * 2];
            for (int f = 0; f < frames; f++)
            {
                double x = f * ratio;
                int i = (int)x;
                double frac = x - i;
                for (int c = 0; c < 2; c++)
                {
                    resampled[(2 * f) + c] = (float)((stereo[(2 * i) + c] * (1 - frac)) + (stereo[(2 * (i + 1)) + c] * frac));
                }
            }

            stereo = resampled;
        }

        return Align(stereo, bus);
    }

    /// <summary>Drops the codec's delay: the lag (under 4000 frames) that best lines the decoded stream up with the bus.</summary>
    private static float[] Align(float[] stereo, float[] bus)
    {
        int best = 0;
        double bestScore = double.MinValue;
        for (int lag = 0; lag < 4000; lag += 1)
        {
            double score = 0;
            for (int f = Rate; f < 2 * Rate; f += 3)
            {
                score += bus[2 * f] * stereo[2 * (f + lag)];
            }

            if (score > bestScore)
            {
                (bestScore, best) = (score, lag);
            }
        }

        return stereo[(2 * best)..];
    }

    /// <summary>Level (dB) of a chord's notes in a 20 ms Hann window centred on <paramref name="frame"/> (left + right).</summary>
    private static double Level(float[] pcm, long frame, double[] notes)
    {
        const int Window = 882;
        long from = frame - (Window / 2);
        if (from < 0 || from + Window >= pcm.Length / 2)
        {
            return double.NegativeInfinity;
        }

        double total = 0;
        foreach (double note in notes)
        {
            double w = 2 * Math.PI * note / Rate;
            double re = 0, im = 0;
            for (int i = 0; i < Window; i++)
            {
                double hann = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (Window - 1)));
                long at = 2 * (from + i);
                double v = hann * (pcm[at] + pcm[at + 1]);
                re += v * Math.Cos(w * i);
                im -= v * Math.Sin(w * i);
            }

            total += ((re * re) + (im * im)) / Window / Window;
        }

        return 10 * Math.Log10(total + 1e-30);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Name(TrackStart s) => Path.GetFileName(s.Item.Track.Path);

    [Fact]
    public void Play_DemoSequence_EncodedOutputMeetsLoudnessPeakCrossfadeSilenceAndNewsRules()
    {
        var mount = new MountOptions(); // the station's default mount: /stream.mp3, 128 kbps
        var run = Play(mount, 62);
        float[] x = run.Decoded;
        long frames = Math.Min(x.Length, run.Bus.Length) / 2;
        foreach (var s in run.Starts)
        {
            output.WriteLine($"{s.BusFrame / (double)Rate,7:F3} s  {Name(s)}");
        }

        Assert.Equal(["a-quiet.mp3", "b-loud.mp3", "bulletin.mp3", "c-middle.mp3", "d-peaky.mp3", "bulletin.mp3"], run.Starts.Take(6).Select(Name));
        var s0 = run.Starts;

        // 1. Each music item's loudness, away from its fades, within ±1 LU of the target.
        var meter = new LoudnessMeter(Rate, 2);
        meter.Process(x.AsSpan(0, (int)frames * 2));
        for (int i = 0; i < 5; i++)
        {
            if (Name(s0[i]) == "bulletin.mp3")
            {
                continue;
            }

            long from = s0[i].BusFrame + (long)(2.5 * Rate);
            long to = s0[i + 1].BusFrame - (long)(0.5 * Rate);
            double lufs = meter.IntegratedLoudness(from, to);
            output.WriteLine($"{Name(s0[i])}: {lufs:F2} LUFS decoded");
            Assert.True(Math.Abs(lufs - Target) <= 1.0, $"{Name(s0[i])}: {lufs:F2} LUFS");
        }

        // 2. No decoded sample above the ceiling.
        double peak = 20 * Math.Log10(x.Take((int)frames * 2).Max(Math.Abs));
        output.WriteLine($"decoded sample peak {peak:F2} dBFS (ceiling {run.Options.TruePeakCeiling} dBTP, limiter at {run.Ceiling:F2})");
        Assert.True(peak <= run.Options.TruePeakCeiling, $"decoded sample peak {peak:F3} dBFS");

        // 3. The crossfade a → b: where both are audible (within 40 dB of their steady level) lasts the configured 2 s.
        long bStart = s0[1].BusFrame;
        double steadyA = Median(Enumerable.Range(0, 100).Select(k => Level(x, s0[0].BusFrame + Rate + (k * 441), NotesA)));
        double steadyB = Median(Enumerable.Range(0, 100).Select(k => Level(x, bStart + (3 * Rate) + (k * 441), NotesB)));
        int both = 0;
        const int Hop = 44; // 1 ms
        for (long f = bStart - Rate; f < bStart + (4 * Rate); f += Hop)
        {
            if (Level(x, f, NotesA) > steadyA - 40 && Level(x, f, NotesB) > steadyB - 40)
            {
                both++;
            }
        }

        double overlap = both * Hop / (double)Rate;
        output.WriteLine($"crossfade a → b: both audible for {overlap:F3} s (configured {run.Options.Transitions.CrossfadeSeconds} s)");
        Assert.InRange(overlap, run.Options.Transitions.CrossfadeSeconds - 0.05, run.Options.Transitions.CrossfadeSeconds + 0.05);

        // 4. No silence longer than 50 ms between the first item's start and the end (10 ms windows under −60 dBFS).
        int longest = LongestSilenceMs(x, frames);

        output.WriteLine($"longest silence: {longest} ms");
        Assert.True(longest <= 50, $"{longest} ms of silence");

        // 5. The news starts cleanly after the song has faded out: b is at full level before its fade, faded by the
        //    news start and gone after it; the news is absent before its start and at full level right after it.
        long newsStart = s0[2].BusFrame;
        double steadyNews = Median(Enumerable.Range(0, 100).Select(k => Level(x, newsStart + (2 * Rate) + (k * 441), NotesNews)));
        double bBeforeFade = Level(x, newsStart - (long)(1.7 * Rate), NotesB);
        double bAtEnd = Level(x, newsStart - (long)(0.03 * Rate), NotesB);
        double bAfter = Enumerable.Range(0, 50).Max(k => Level(x, newsStart + (long)(0.02 * Rate) + (k * 441), NotesB));
        double newsBefore = Enumerable.Range(0, 50).Max(k => Level(x, newsStart - (long)(0.02 * Rate) - (k * 441), NotesNews));
        double newsFirst = Level(x, newsStart + (long)(0.03 * Rate), NotesNews);
        output.WriteLine($"news at {newsStart / (double)Rate:F3} s: b {bBeforeFade - steadyB:F1} dB 1.7 s before, {bAtEnd - steadyB:F1} dB 30 ms before, "
            + $"{bAfter - steadyB:F1} dB after; news {newsBefore - steadyNews:F1} dB before, {newsFirst - steadyNews:F1} dB 30 ms in");
        Assert.InRange(bBeforeFade - steadyB, -3, 3);
        Assert.True(bAtEnd - steadyB < -20, "the song has faded out when the news starts");
        Assert.True(bAfter - steadyB < -40, "no song under the news");
        Assert.True(newsBefore - steadyNews < -40, "the news is not overlapped with the song");
        Assert.InRange(newsFirst - steadyNews, -3, 3);
    }

    [Theory]
    [InlineData(128, 44100, 2)] // /stream.mp3 of the demo station
    [InlineData(64, 44100, 2)]
    [InlineData(32, 22050, 1)]  // /mobile.mp3 of the demo station
    [InlineData(96, 48000, 2, MountCodec.Opus)] // libopus
    [InlineData(48, 48000, 2, MountCodec.Opus)] // /stream.opus of the demo station: libopus
    [InlineData(24, 48000, 1, MountCodec.Opus)] // Concentus (OpusPacketEncoders.LibOpusMinimumKbps)
    public void Play_MountsOfEveryBitrate_NoDecodedSampleAboveTheCeiling(int kbps, int sampleRate, int channels, MountCodec format = MountCodec.Mp3)
    {
        var run = Play(new MountOptions { Format = format, Bitrate = kbps, SampleRate = sampleRate, Channels = channels }, 72);
        long frames = Math.Min(run.Decoded.Length, run.Bus.Length) / 2;
        double peak = 20 * Math.Log10(run.Decoded.Take((int)frames * 2).Max(Math.Abs));
        double busPeak = 20 * Math.Log10(run.Bus.Max(Math.Abs));
        output.WriteLine($"{format} {kbps} kbps {sampleRate} Hz {channels} ch: limiter at {run.Ceiling:F2}, bus peak {busPeak:F2}, decoded sample peak {peak:F2} dBFS");
        Assert.True(peak <= run.Options.TruePeakCeiling, $"decoded sample peak {peak:F3} dBFS");

        // Title changes (a new MP3 title, a new chained Ogg stream for Opus) leave no gap in the decoded audio.
        int longest = LongestSilenceMs(run.Decoded, frames);
        output.WriteLine($"longest silence: {longest} ms");
        Assert.True(longest <= 50, $"{longest} ms of silence");
    }

    /// <summary>The longest run of 10 ms windows under −60 dBFS RMS, in ms, up to a second before the end.</summary>
    private static int LongestSilenceMs(float[] x, long frames)
    {
        int longest = 0, runLength = 0;
        for (long f = 0; f + 441 < frames - Rate; f += 441)
        {
            double sum = 0;
            for (long i = f; i < f + 441; i++)
            {
                sum += (x[2 * i] * x[2 * i]) + (x[(2 * i) + 1] * x[(2 * i) + 1]);
            }

            runLength = Math.Sqrt(sum / 882) < 0.001 ? runLength + 10 : 0;
            longest = Math.Max(longest, runLength);
        }

        return longest;
    }
}

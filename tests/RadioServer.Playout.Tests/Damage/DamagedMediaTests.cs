using Xunit.Abstractions;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Formats;
using RadioServer.Playout.Library;
using RadioServer.Playout.Tests.Engine;

namespace RadioServer.Playout.Tests.Damage;

/// <summary>
/// Issue 11, part 1: damaged files play every valid frame, through the real engine. Each test builds its own
/// damaged file from a LAME-encoded tone (a continuous sine, so a gap or a click is easy to see), airs it followed by
/// a clean file, and checks: it airs for within 0.1 s of its valid audio's length, no sample leaves [-1, 1], no
/// stretch of silence longer than 50 ms, and exactly one log line naming it (none for a healthy file).
/// </summary>
public class DamagedMediaTests(ITestOutputHelper output)
{
    private const int Rate = 44100;
    private const double FrameSeconds = 1152.0 / Rate;

    public enum DamageKind
    {
        ByteFlipsInFrameBodies,
        GarbageMidFile,
        TruncatedAt40Percent,
        StaleXingFrameCount,
        SampleRateChange,
        FreeFormat200Kbps,
    }

    [Theory]
    [InlineData(DamageKind.ByteFlipsInFrameBodies)]
    [InlineData(DamageKind.GarbageMidFile)]
    [InlineData(DamageKind.TruncatedAt40Percent)]
    [InlineData(DamageKind.StaleXingFrameCount)]
    [InlineData(DamageKind.SampleRateChange)]
    [InlineData(DamageKind.FreeFormat200Kbps)]
    public void DamagedFile_AirsItsValidAudio_WithoutGapOrOverload_AndOneLogLine(DamageKind kind)
    {
        string dir = DemoFiles.TempDir();
        var (bytes, validSeconds) = Make(kind);
        string damaged = Path.Combine(dir, "damaged.mp3");
        File.WriteAllBytes(damaged, bytes);
        string clean = Path.Combine(dir, "clean.mp3");
        File.WriteAllBytes(clean, LameFixture.Tone(440, 2, Rate, 2, 128));

        var logger = new ListLogger();
        var (samples, starts) = Air(logger, damaged, clean);

        Assert.Equal(2, starts.Count);
        double aired = (double)(starts[1].BusFrame - starts[0].BusFrame) / Rate;
        Assert.InRange(aired, validSeconds - 0.1, validSeconds + 0.1);
        Assert.All(samples, s => Assert.InRange(s, -1f, 1f));
        var item = samples.AsSpan((int)(starts[0].BusFrame * 2), (int)((starts[1].BusFrame - starts[0].BusFrame) * 2));
        double gap = LongestSilence(item[(int)(0.06 * Rate * 2)..^(int)(0.06 * Rate * 2)]);
        Assert.True(gap <= 0.050, $"{gap * 1000:0} ms of silence in {kind}");
        foreach (string line in logger.Lines.Where(l => l.Contains("Damaged", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        int lines = logger.Lines.Count(l => l.Contains("Damaged file", StringComparison.Ordinal) && l.Contains(damaged, StringComparison.Ordinal));
        Assert.True(lines == (kind == DamageKind.FreeFormat200Kbps ? 0 : 1), string.Join("\n", logger.Lines));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("Damaged file", StringComparison.Ordinal) && l.Contains(clean, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DamageKind.GarbageMidFile)]
    [InlineData(DamageKind.TruncatedAt40Percent)]
    [InlineData(DamageKind.SampleRateChange)]
    [InlineData(DamageKind.FreeFormat200Kbps)]
    public void Probe_DamagedFile_IsPlayable_WithItsValidLength(DamageKind kind)
    {
        var (bytes, validSeconds) = Make(kind);
        var probe = Mp3Probe.Probe(new MemoryStream(bytes));
        Assert.True(probe.IsPlayable, probe.Error);
        Assert.InRange(probe.Duration.TotalSeconds, validSeconds - 0.03, validSeconds + 0.03);
        Assert.Equal(kind != DamageKind.FreeFormat200Kbps, probe.Damage is { IsDamaged: true });
    }

    [Fact]
    public void Probe_DamagedFileWithLessThanASecondLeft_IsSkippedWithTheReason()
    {
        byte[] tone = LameFixture.Tone(440, 3, Rate, 2, 128);
        byte[] cut = tone.AsSpan(0, (int)(tone.Length * 0.2)).ToArray(); // 0.6 s, ending inside a frame
        var probe = Mp3Probe.Probe(new MemoryStream(cut));
        Assert.False(probe.IsPlayable);
        Assert.Contains("truncated", probe.Error, StringComparison.Ordinal);
        Assert.Contains("valid audio", probe.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analysis_GarbageMidFile_StillMeasuresTheTone()
    {
        string dir = DemoFiles.TempDir();
        string clean = Path.Combine(dir, "clean.mp3");
        File.WriteAllBytes(clean, LameFixture.Tone(440, 6, Rate, 2, 128));
        string damaged = Path.Combine(dir, "damaged.mp3");
        File.WriteAllBytes(damaged, Make(DamageKind.GarbageMidFile).Bytes);

        var good = TrackAnalyzer.Analyze(clean);
        var bad = TrackAnalyzer.Analyze(damaged);
        Assert.Null(bad.Error);
        Assert.InRange(bad.IntegratedLufs, good.IntegratedLufs - 0.3, good.IntegratedLufs + 0.3);
        Assert.InRange(bad.DurationSeconds, good.DurationSeconds - 0.1, good.DurationSeconds + 0.1);
    }

    [Fact]
    public void DemoFiles_AreNotDamaged()
    {
        foreach (string path in DemoFiles.AllMp3)
        {
            var probe = Mp3Probe.Probe(path);
            Assert.True(probe.IsPlayable, path);
            Assert.True(probe.Damage is null, $"{path}: {probe.Damage?.Describe()}");
        }
    }

    /// <summary>The damaged file's bytes and the seconds of valid audio in it (whole frames the damage left).</summary>
    internal static (byte[] Bytes, double ValidSeconds) Make(DamageKind kind)
    {
        var rng = new Random(11);
        switch (kind)
        {
            case DamageKind.ByteFlipsInFrameBodies:
            {
                byte[] tone = LameFixture.Tone(440, 6, Rate, 2, 128, noise: 0.2);
                var frames = FrameOffsets(tone);
                for (int f = 20, i = 0; f < frames.Count - 20; f += 12, i++)
                {
                    // Half in the side info (32 bytes after the header), where damage can be seen; half in the Huffman
                    // data, where it cannot (no CRC) and plays as in any player.
                    int at = frames[f] + 4 + (i % 2 == 0 ? rng.Next(32) : 32 + rng.Next(FrameLength(tone, frames[f]) - 36));
                    tone[at] ^= (byte)(1 + rng.Next(255));
                }

                return (tone, frames.Count * FrameSeconds);
            }

            case DamageKind.GarbageMidFile:
            {
                byte[] tone = LameFixture.Tone(440, 6, Rate, 2, 128);
                var frames = FrameOffsets(tone);
                byte[] garbage = new byte[64 * 1024];
                rng.NextBytes(garbage);
                int at = frames[frames.Count / 2];
                return ([.. tone.AsSpan(0, at), .. garbage, .. tone.AsSpan(at)], frames.Count * FrameSeconds);
            }

            case DamageKind.TruncatedAt40Percent:
            {
                byte[] tone = LameFixture.Tone(440, 6, Rate, 2, 128);
                int cut = (int)(tone.Length * 0.4);
                int whole = FrameOffsets(tone).Count(o => o + FrameLength(tone, o) <= cut);
                return (tone.AsSpan(0, cut).ToArray(), whole * FrameSeconds);
            }

            case DamageKind.StaleXingFrameCount:
            {
                // Encoded with an Info tag, then cut cleanly at a frame boundary by a tool that left the tag alone.
                byte[] tone = LameFixture.Tone(440, 6, Rate, 2, 128, infoTag: true);
                var frames = FrameOffsets(tone);
                int keep = (int)(frames.Count * 0.7);
                return (tone.AsSpan(0, frames[keep]).ToArray(), (keep - 1) * FrameSeconds); // the first frame is the tag
            }

            case DamageKind.SampleRateChange:
            {
                byte[] first = LameFixture.Tone(440, 3, Rate, 2, 128);
                byte[] second = LameFixture.Tone(440, 3, 48000, 2, 128);
                return ([.. first, .. second], (FrameOffsets(first).Count * FrameSeconds) + (FrameOffsets(second).Count * 1152.0 / 48000));
            }

            case DamageKind.FreeFormat200Kbps:
            {
                byte[] tone = LameFixture.Tone(440, 6, Rate, 2, 200, freeFormat: true);
                Assert.True(Mp3FrameHeader.TryParseAny(tone, out var h) && h.IsFreeFormat, "LAME did not write free format");
                long frames = tone.Length / 653; // 200 kbit/s at 44.1 kHz: 653.06 bytes a frame
                return (tone, frames * FrameSeconds);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>The offsets of the frames of a clean LAME stream.</summary>
    private static List<int> FrameOffsets(byte[] mp3)
    {
        var offsets = new List<int>();
        int pos = 0;
        while (pos + 4 <= mp3.Length && Mp3FrameHeader.TryParse(mp3.AsSpan(pos), out var h) && pos + h.FrameLength <= mp3.Length)
        {
            offsets.Add(pos);
            pos += h.FrameLength;
        }

        Assert.Equal(mp3.Length, pos);
        return offsets;
    }

    private static int FrameLength(byte[] mp3, int offset) =>
        Mp3FrameHeader.TryParse(mp3.AsSpan(offset), out var h) ? h.FrameLength : throw new InvalidDataException("not a frame");

    /// <summary>Airs <paramref name="paths"/> one after the other through the engine; the bus samples and track starts.</summary>
    private static (float[] Samples, List<TrackStart> Starts) Air(ListLogger logger, params string[] paths)
    {
        var bus = new PcmBus(StationFormat.Default);
        var capture = new PcmCapture();
        bus.Attach(capture);
        var selector = new FileList(paths);
        using var engine = new PlayoutEngine(selector, new Mp3ItemOpener(StationFormat.Default), bus, logger, TimeSpan.FromMilliseconds(50));
        while (selector.Remaining > 0 || capture.Starts.Count < paths.Length || bus.FramesPublished < capture.Starts[^1].BusFrame + Rate)
        {
            engine.RenderNextBlock();
            Assert.True(bus.FramesPublished < 60 * Rate, "the engine never reached the last file");
        }

        return ([.. capture.Samples], capture.Starts);
    }

    /// <summary>The longest run of samples (both channels) below -40 dBFS, in seconds.</summary>
    private static double LongestSilence(ReadOnlySpan<float> stereo)
    {
        int longest = 0;
        int run = 0;
        for (int i = 0; i + 1 < stereo.Length; i += 2)
        {
            run = Math.Abs(stereo[i]) < 0.01f && Math.Abs(stereo[i + 1]) < 0.01f ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return (double)longest / Rate;
    }

    private sealed class FileList(string[] paths) : IItemSelector
    {
        private int _next;

        public int Remaining => paths.Length - _next;

        public PlayoutItem? PickNext(DateTimeOffset airTime) =>
            _next < paths.Length ? new PlayoutItem(new TrackInfo(paths[_next++], "Test", "Tone", null), "test") : null;

        public void OnAired(PlayoutItem item, DateTimeOffset airTime)
        {
        }
    }
}

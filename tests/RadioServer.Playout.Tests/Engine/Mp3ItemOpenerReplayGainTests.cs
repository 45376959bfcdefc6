using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Playout.Sound;
using static RadioServer.Playout.Tests.Engine.OpenedItems;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>
/// <c>loudness_source: replaygain</c> on real MP3s: the applied gain is measured by comparing the levelled item with
/// the same file decoded as it is (44.1 kHz stereo in, 44.1 kHz stereo bus out, so the samples line up one to one).
/// </summary>
public class Mp3ItemOpenerReplayGainTests
{

    [Theory]
    [InlineData("-7.25 dB", -16, -5.25)]
    [InlineData("+3.10 dB", -23, -1.90)]
    [InlineData("-4.5", -14, -0.50)]
    public void Open_ReplayGainTagged_AppliesTagPlusTargetPlus18AndAnalysisCuePoints(string tag, double target, double expectedGain)
    {
        string path = ReplayGainFiles.WithId3TrackGain(tag);
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var analysis = analyzer.AnalyseAll([path], 1)[0]!; // after tagging: the cache is keyed by size and mtime
        var log = new ListLogger();

        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(target, Source: LoudnessSource.ReplayGain), log).Open(Item(path));

        Assert.Equal(analysis.CueOutSeconds - analysis.CueInSeconds, opened.Duration!.Value.TotalSeconds, 3);
        Assert.InRange(AppliedGainDb(path, opened, analysis), expectedGain - 0.01, expectedGain + 0.01);
        Assert.Contains(log.Lines, l => l.Contains("ReplayGain track gain", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_ReplayGainModeTagWithoutAnalysis_StillUsesTheTag()
    {
        string path = ReplayGainFiles.WithId3TrackGain("-7.25 dB");
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);

        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(Source: LoudnessSource.ReplayGain)).Open(Item(path));

        Assert.InRange(AppliedGainDb(path, opened, analysis: null), -5.26, -5.24);
        Assert.Equal(1, analyzer.Pending); // queued all the same, for its cue points next time
    }

    [Fact]
    public void Open_ReplayGainModeWithoutTag_FallsBackToAnalysisGain()
    {
        string path = ReplayGainFiles.Untagged();
        Assert.Null(TagReader.ReadReplayGainTrackGain(path));
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var analysis = analyzer.AnalyseAll([path], 1)[0]!;
        var log = new ListLogger();

        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(Source: LoudnessSource.ReplayGain), log).Open(Item(path));

        double expected = -16 - analysis.IntegratedLufs;
        Assert.InRange(AppliedGainDb(path, opened, analysis), expected - 0.01, expected + 0.01);
        Assert.Contains(log.Lines, l => l.Contains("no ReplayGain track gain tag", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_ReplayGainModeUnreadableTag_FallsBackToAnalysisGain()
    {
        string path = ReplayGainFiles.WithId3TrackGain("loud");
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var analysis = analyzer.AnalyseAll([path], 1)[0]!;

        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(Source: LoudnessSource.ReplayGain)).Open(Item(path));

        double expected = -16 - analysis.IntegratedLufs;
        Assert.InRange(AppliedGainDb(path, opened, analysis), expected - 0.01, expected + 0.01);
    }

    [Fact]
    public void Open_ReplayGainModeNoTagNotAnalysed_PlaysAtUnanalysedGain()
    {
        string path = ReplayGainFiles.Untagged();
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);

        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(UnanalysedGainDb: -6, Source: LoudnessSource.ReplayGain)).Open(Item(path));

        Assert.InRange(AppliedGainDb(path, opened, analysis: null), -6.01, -5.99);
    }

    [Fact]
    public void Open_AnalysisMode_IgnoresTheTag()
    {
        string path = ReplayGainFiles.WithId3TrackGain("-7.25 dB");
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var analysis = analyzer.AnalyseAll([path], 1)[0]!;
        var log = new ListLogger();

        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(Source: LoudnessSource.Analysis), log).Open(Item(path));

        double expected = -16 - analysis.IntegratedLufs;
        Assert.True(Math.Abs(expected - -5.25) > 1, "the demo file's analysis gain must differ from the tag's for this test to mean anything");
        Assert.InRange(AppliedGainDb(path, opened, analysis), expected - 0.01, expected + 0.01);
        Assert.DoesNotContain(log.Lines, l => l.Contains("ReplayGain", StringComparison.Ordinal));
    }

    /// <summary>
    /// The gain the opener applied: levelled RMS over the RMS of the same stretch of the file decoded as it is
    /// (from the analysis's cue-in when it trimmed).
    /// </summary>
    private static double AppliedGainDb(string path, OpenedItem opened, TrackAnalysis? analysis)
    {
        var levelled = ReadAll(opened);
        var plain = ReadAll(new Mp3ItemOpener(StationFormat.Default).Open(Item(path)));
        int offset = analysis is null ? 0 : 2 * (int)Math.Round(analysis.CueInSeconds * analysis.SampleRate);
        Assert.True(offset + levelled.Length <= plain.Length);
        return 20 * Math.Log10(Rms(levelled) / Rms(plain.AsSpan(offset, levelled.Length)));
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum / x.Length);
    }
}

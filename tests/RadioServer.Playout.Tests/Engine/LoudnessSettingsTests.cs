using RadioServer.Playout.Analysis;
using RadioServer.Playout.Sound;

namespace RadioServer.Playout.Tests.Engine;

public class LoudnessSettingsTests
{
    private static readonly TrackAnalysis At10Lufs = new(-10, 2, -1, -1, 0, 30, 30, 44100, 2);

    private static readonly LoudnessSettings ReplayGain = new(TargetLufs: -16, Source: LoudnessSource.ReplayGain);

    [Fact]
    public void GainFor_ReplayGainTag_TagPlusTargetMinusReference()
    {
        Assert.Equal(-5.25, ReplayGain.GainFor(At10Lufs, -7.25).GainDb, 9);
        Assert.Equal(-12.25, (ReplayGain with { TargetLufs = -23 }).GainFor(null, -7.25).GainDb, 9);
    }

    [Fact]
    public void GainFor_ReplayGainBoostAboveMax_Capped()
    {
        var (gain, why) = ReplayGain.GainFor(At10Lufs, 14);
        Assert.Equal(12, gain);
        Assert.Contains("capped", why, StringComparison.Ordinal);
    }

    [Fact]
    public void GainFor_ReplayGainTagMissing_AnalysisThenUnanalysedGain()
    {
        Assert.Equal(-6, ReplayGain.GainFor(At10Lufs, null).GainDb, 9);
        Assert.StartsWith("no ReplayGain track gain tag; ", ReplayGain.GainFor(At10Lufs, null).Why, StringComparison.Ordinal);
        Assert.Equal(ReplayGain.UnanalysedGainDb, ReplayGain.GainFor(null, null).GainDb);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-200)]
    [InlineData(75)]
    public void GainFor_ImplausibleReplayGain_FallsBackToAnalysis(double tag)
    {
        var (gain, why) = ReplayGain.GainFor(At10Lufs, tag);
        Assert.Equal(-6, gain, 9);
        Assert.Contains("implausible", why, StringComparison.Ordinal);
    }

    [Fact]
    public void GainFor_AnalysisSource_IgnoresTheTag()
    {
        var settings = new LoudnessSettings(TargetLufs: -16);
        Assert.Equal(settings.GainFor(At10Lufs), settings.GainFor(At10Lufs, -7.25));
    }
}

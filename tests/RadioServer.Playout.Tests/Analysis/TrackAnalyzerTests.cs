using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Tests.Analysis;

public class TrackAnalyzerTests
{
    [Fact]
    public void Analyze_DemoFiles_GivesPlausibleFigures()
    {
        foreach (string path in DemoFiles.AllMp3)
        {
            var a = TrackAnalyzer.Analyze(path);
            var probe = Mp3Probe.Probe(path);
            Assert.Null(a.Error);
            Assert.InRange(a.IntegratedLufs, -40, -5);
            Assert.InRange(a.TruePeakDbtp, a.SamplePeakDbfs, a.SamplePeakDbfs + 3);
            Assert.InRange(a.DurationSeconds, probe.Duration.TotalSeconds - 0.1, probe.Duration.TotalSeconds + 0.1);
            Assert.InRange(a.CueInSeconds, 0, a.CueOutSeconds);
            Assert.InRange(a.CueOutSeconds, a.CueInSeconds, a.DurationSeconds);
            Assert.True(a.LoudnessRangeLu >= 0);
        }
    }

    [Fact]
    public void Summarise_SilentHeadAndTail_CuePointsAtTheAudio()
    {
        var loudness = new LoudnessMeter(44100, 2);
        var peak = new TruePeakMeter(2);
        var pcm = EbuSignals.Sine(44100, (2, -90), (10, -18), (3, -90));
        loudness.Process(pcm);
        peak.Process(pcm);
        var a = TrackAnalyzer.Summarise(loudness, peak);
        Assert.InRange(a.IntegratedLufs, -18.2, -17.9); // blocks straddling the edges pass the relative gate
        Assert.InRange(a.CueInSeconds, 1.99, 2.01);
        Assert.InRange(a.CueOutSeconds, 11.99, 12.01);
        Assert.InRange(a.DurationSeconds, 14.99, 15.01);
    }
}

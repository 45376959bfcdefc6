using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Sound;
using static RadioServer.Playout.Tests.Engine.OpenedItems;

namespace RadioServer.Playout.Tests.Engine;

public class Mp3ItemOpenerLoudnessTests
{
    private static string CopyOfDemo()
    {
        string path = Path.Combine(DemoFiles.TempDir(), "song.mp3");
        File.Copy(DemoFiles.Cbr44Stereo, path);
        return path;
    }

    [Fact]
    public void Open_NotYetAnalysed_PlaysAtUnanalysedGainAndQueuesTheFile()
    {
        string path = CopyOfDemo();
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var plain = ReadAll(new Mp3ItemOpener(StationFormat.Default).Open(Item(path)));
        var levelled = ReadAll(new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(UnanalysedGainDb: -6)).Open(Item(path)));

        Assert.Equal(plain.Length, levelled.Length);
        double ratio = 20 * Math.Log10(Rms(levelled) / Rms(plain));
        Assert.InRange(ratio, -6.01, -5.99);
        Assert.Equal(1, analyzer.Pending);
    }

    [Fact]
    public void Open_Analysed_PlaysAtTargetTrimmedToCuePoints()
    {
        string path = CopyOfDemo();
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var analysis = analyzer.AnalyseAll([path], 1)[0]!;
        var opened = new Mp3ItemOpener(StationFormat.Default, analyzer, new LoudnessSettings(TargetLufs: -20)).Open(Item(path));
        Assert.Equal(analysis.CueOutSeconds - analysis.CueInSeconds, opened.Duration!.Value.TotalSeconds, 3);
        var levelled = ReadAll(opened);

        var meter = new LoudnessMeter(44100, 2);
        meter.Process(levelled);
        Assert.InRange(meter.IntegratedLoudness(), -20.1, -19.9);
        Assert.InRange(levelled.Length / 2 / 44100.0, analysis.CueOutSeconds - analysis.CueInSeconds - 0.01, analysis.CueOutSeconds - analysis.CueInSeconds + 0.01);
    }

    private static double Rms(float[] x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum / x.Length);
    }
}

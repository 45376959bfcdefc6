using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Playout.Sound;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Configuration;

[Trait("Layer", "Unit")]
public class SoundConfigTests
{
    private static string Write(string yaml)
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Build_NoSoundKeys_DefaultsAndDataFolderNextToConfig()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  mounts:\n    - path: /a.mp3\n");
        var options = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>();
        Assert.Equal(-16, options.LoudnessTarget);
        Assert.Equal(-1, options.TruePeakCeiling);
        Assert.Equal(-6, options.UnanalysedGain);
        Assert.True(options.LoudnessNormalization);
        Assert.Equal(LoudnessSource.Analysis, options.LoudnessSource);
        Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "data")), options.DataFolder);
    }

    [Fact]
    public void Build_SoundKeysInSnakeCase_AreRead()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  loudness_target: -18\n  true_peak_ceiling: -2\n  unanalysed_gain: -9\n  data_folder: cache\n  analysis_threads: 1\n  mounts:\n    - path: /a.mp3\n");
        var options = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>();
        Assert.Equal(-18, options.LoudnessTarget);
        Assert.Equal(-2, options.TruePeakCeiling);
        Assert.Equal(-9, options.UnanalysedGain);
        Assert.Equal(1, options.AnalysisThreads);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "cache"), options.DataFolder);
    }

    [Fact]
    public void Build_SoundValuesOutOfRange_ReportedWithLocation()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  loudness_target: 3\n  true_peak_ceiling: 1\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:4:20: loudness_target 3 LUFS is not between -40 and -5", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:5:22: true_peak_ceiling 1 dBTP is not between -12 and 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LoudnessSourceReplayGain_IsRead()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  loudness_source: replaygain\n  mounts:\n    - path: /a.mp3\n");
        var options = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>();
        Assert.Equal(LoudnessSource.ReplayGain, options.LoudnessSource);
    }

    [Fact]
    public void Build_UnknownLoudnessSource_ReportedWithLocation()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  loudness_source: r128\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:4:20: loudness_source 'r128' is not one of analysis, replaygain", e.Message, StringComparison.Ordinal);
    }
}

using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Playout.Transitions;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Configuration;

[Trait("Layer", "Unit")]
public class TransitionConfigTests
{
    private static string Write(string yaml)
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Build_NoTransitionKeys_TwoSecondEqualPowerCrossfades()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  mounts:\n    - path: /a.mp3\n");
        var options = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>();
        Assert.Equal(TransitionSettings.StationDefaults, options.Transitions.ToSettings());
    }

    [Fact]
    public void Build_TransitionKeysInSnakeCase_AreRead()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  transitions:\n    crossfade_seconds: 3.5\n    curve: logarithmic\n    fade_in_seconds: 0.5\n"
            + "    fade_out_seconds: 1\n    break_fade_seconds: 2\n  mounts:\n    - path: /a.mp3\n");
        var settings = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>().Transitions.ToSettings();
        Assert.Equal(new TransitionSettings(ItemRole.Music, TimeSpan.FromSeconds(3.5), FadeCurve.Logarithmic, TimeSpan.FromSeconds(0.5),
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), settings);
    }

    [Fact]
    public void Build_TransitionValuesOutOfRange_ReportedWithLocation()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  transitions:\n    crossfade_seconds: 30\n    curve: s_curve\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:5:24: transitions crossfade_seconds must be between 0 and 10, not 30", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:12: transitions curve 's_curve' is not one of linear, logarithmic, equal_power", e.Message, StringComparison.Ordinal);
    }
}

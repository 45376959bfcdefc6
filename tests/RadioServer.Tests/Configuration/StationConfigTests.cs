using Microsoft.Extensions.Configuration;
using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Configuration;

[Trait("Layer", "Unit")]
public class StationConfigTests
{
    private static string Write(string yaml)
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Build_ShippedDefaultConfig_IsValid()
    {
        string root = FindRoot();
        var app = RadioServerApp.Build(["--config", Path.Combine(root, "config", "station.yaml")]);
        var options = app.Services.GetRequiredService<StationOptions>();
        Assert.Equal("234Radio", options.Name);
        Assert.Equal(["/stream.mp3", "/mobile.mp3", "/stream.opus"], options.Mounts.Select(m => m.Path));
        Assert.True(File.Exists(options.Playlist));
    }

    [Fact]
    public void Build_YamlSyntaxError_ReportsFileLineColumn()
    {
        string path = Write("station:\n  name: \"x\n  mounts: [\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: ", e.Message);
    }

    [Fact]
    public void Build_UnknownKeyAndBadValues_ReportsEveryErrorWithLocation()
    {
        string path = Write("""
            station:
              name: Test
              playlist: .
              mounts:
                - path: stream.mp3
                  bitrate: 1000
                  sample_rate: 44101
            """);
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:5:13: mount path 'stream.mp3' must start with '/'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:16: bitrate 1000 kbps", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:7:20: 44101 Hz is not an MP3 sample rate", e.Message, StringComparison.Ordinal);

        string unknown = Write("station:\n  name: Test\n  colour: blue\n  mounts:\n    - path: /a.mp3\n");
        var e2 = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", unknown]));
        Assert.Contains($"{unknown}:3:11: unknown setting 'colour'", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CommandLineAndEnvironment_OverrideTheFile()
    {
        string path = Write("station:\n  name: FromFile\n  playlist: .\n  mounts:\n    - path: /a.mp3\n");
        var app = RadioServerApp.Build(["--config", path, "--station:name=FromCommandLine", "--station:mounts:0:bitrate=64"]);
        var options = app.Services.GetRequiredService<StationOptions>();
        Assert.Equal("FromCommandLine", options.Name);
        Assert.Equal(64, options.Mounts[0].Bitrate);
    }

    [Fact]
    public void Load_SnakeCaseKeyFromYamlCommandLineAndEnvironment_SetsTheSameValue()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  dead_air_seconds: 5\n  mounts:\n    - path: /a.mp3\n");
        string fileOnly = Write("station:\n  name: T\n  playlist: .\n  mounts:\n    - path: /a.mp3\n");
        Assert.Equal(5, RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>().DeadAirSeconds);
        Assert.Equal(5, RadioServerApp.Build(["--config", fileOnly, "--station:dead_air_seconds=5"]).Services.GetRequiredService<StationOptions>().DeadAirSeconds);
        Assert.Equal(5, RadioServerApp.Build(["--config", fileOnly, "--station:DeadAirSeconds=5"]).Services.GetRequiredService<StationOptions>().DeadAirSeconds);

        // The environment provider as the host adds it, with a prefix of its own so no other test sees the variable.
        const string Prefix = "RADIOSERVER_TEST_SNAKE_";
        Environment.SetEnvironmentVariable(Prefix + "station__dead_air_seconds", "5");
        Environment.SetEnvironmentVariable(Prefix + "station__mounts__0__max_listeners", "7");
        try
        {
            var configuration = new ConfigurationBuilder().Add(new YamlConfigurationSource(fileOnly, optional: false)).AddEnvironmentVariables(Prefix).Build();
            var options = StationConfigLoader.Load(configuration);
            Assert.Equal(5, options.DeadAirSeconds);
            Assert.Equal(7, options.Mounts[0].MaxListeners);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Prefix + "station__dead_air_seconds", null);
            Environment.SetEnvironmentVariable(Prefix + "station__mounts__0__max_listeners", null);
        }
    }

    [Fact]
    public void Load_UnknownOrMistypedKeyOutsideTheFile_ErrorNamesItAsTyped()
    {
        string path = Write("station:\n  name: T\n  playlist: .\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path, "--station:dead_air_secs=5", "--station:mounts:0:format=aac"]));
        Assert.Contains("command line --station:dead_air_secs: unknown setting '--station:dead_air_secs'", e.Message, StringComparison.Ordinal);
        Assert.Contains("command line --station:mounts:0:format: mounts format 'aac' is not one of mp3, opus", e.Message, StringComparison.Ordinal);

        var e2 = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path, "--station:block_milliseconds=fast"]));
        Assert.Contains("command line --station:block_milliseconds: block_milliseconds 'fast' is not a whole number", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingConfigFile_SaysSo()
    {
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", "/nonexistent/station.yaml"]));
        Assert.Contains("config file not found", e.Message, StringComparison.Ordinal);
    }

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RadioServer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RadioServer.sln not found");
    }
}

using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Configuration;

[Trait("Layer", "Unit")]
public class TimeZoneConfigTests
{
    [Fact]
    public void Build_UnknownTimeZone_ReportsItWithLocation()
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, "station:\n  name: Test\n  playlist: .\n  time_zone: Mars/Olympus\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:4:14: time_zone 'Mars/Olympus' is not a known IANA time zone", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoTimeZone_DefaultsToLagos()
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, "station:\n  name: Test\n  playlist: .\n  mounts:\n    - path: /a.mp3\n");
        var options = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>();
        Assert.Equal("Africa/Lagos", options.TimeZone);
    }
}

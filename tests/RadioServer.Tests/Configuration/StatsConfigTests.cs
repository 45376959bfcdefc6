using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Configuration;

[Trait("Layer", "Unit")]
public class StatsConfigTests
{
    [Fact]
    public void Build_BadPrivacyAndRetention_ReportsBothWithLocation()
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, "station:\n  name: Test\n  playlist: .\n  retention_days: 0\n  ip_privacy: scramble\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:4:19: retention_days must be between 1 and 3650", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:5:15: ip_privacy 'scramble' is not one of truncate, hash, none, drop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_DatabaseInUnwritablePlace_StationStillBuilds_StatisticsWaitForTheDisk()
    {
        // Issue 11: a folder that cannot be written (read-only, full, a file in the way) degrades statistics, it does
        // not keep the station off the air; the database is created once the disk lets it.
        string dir = StationHost.TempDir();
        File.WriteAllText(Path.Combine(dir, "file"), "not a folder");
        string path = Path.Combine(dir, "station.yaml");
        File.WriteAllText(path, "station:\n  name: Test\n  playlist: .\n  database: file/stats.db\n  mounts:\n    - path: /a.mp3\n");
        await using var app = RadioServerApp.Build(["--config", path]);
        var database = app.Services.GetRequiredService<RadioServer.Stats.StatsDatabase>();
        Assert.NotNull(database.StartupError);

        File.Delete(Path.Combine(dir, "file"));
        database.EnsureCreated();
        Assert.True(File.Exists(Path.Combine(dir, "file", "stats.db")));
    }
}

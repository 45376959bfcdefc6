using RadioServer.Tests.Cli;
using RadioServer.Tests.Configuration;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Commands;

[Trait("Layer", "Server")]
public class StationCommandsTests
{
    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.RunAsync(args);

    private static string ShippedConfig => Path.Combine(StationConfigTests.FindRoot(), "config", "station.yaml");

    [Fact]
    public async Task Run_ValidateShippedConfig_ExitsZeroAndChecksTheSchedule()
    {
        var (code, output, errors) = await Run("validate", "--config", ShippedConfig);

        Assert.Equal(0, code);
        Assert.Empty(errors);
        Assert.Contains("station.yaml: OK (234Radio", output, StringComparison.Ordinal);
        Assert.Contains("schedule.yaml: OK (zone Africa/Lagos; tracks: music 6, highlife 3, ids 2, news 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ValidateBrokenSchedule_ExitsOneListingEveryErrorWithFileLineColumn()
    {
        string dir = StationHost.TempDir();
        string playlists = Path.Combine(StationConfigTests.FindRoot(), "playlists");
        File.WriteAllText(Path.Combine(dir, "station.yaml"), $"""
            station:
              name: Test
              playlist: "{playlists}/demo.m3u"
              schedule: schedule.yaml
              mounts:
                - path: /a.mp3
            """);
        string schedule = Path.Combine(dir, "schedule.yaml");
        File.WriteAllText(schedule, $$"""
            time_zone: Africa/Lagoss
            playlists:
              music: { path: "{{playlists}}/music", rotation: shuffle, colour: blue }
            default_rotation: [{ playlist: music }]
            inserts:
              - { name: News, cron: "0 25 * * *", playlist: news }
            """);

        var (code, _, errors) = await Run("validate", "--config", Path.Combine(dir, "station.yaml"));

        Assert.Equal(1, code);
        string[] lines = errors.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"{schedule}:1:12: unknown time zone 'Africa/Lagoss'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{schedule}:3:", lines[1], StringComparison.Ordinal);
        Assert.Contains("unknown key 'colour'", lines[1], StringComparison.Ordinal);
        Assert.Contains("bad cron '0 25 * * *'", lines[2], StringComparison.Ordinal);
        Assert.Contains("unknown playlist 'news'", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScheduleAroundSixOnMonday_PrintsRunningOrderWithNewsOnTheHourAndRealLengths()
    {
        var (code, output, errors) = await Run("schedule", "--config", ShippedConfig, "--from", "2026-11-23 05:55", "--hours", "0.25");

        Assert.True(code == 0, errors);
        Assert.Contains("running order from Mon 2026-11-23 05:55:00 for 0.25 h, times in Africa/Lagos", output, StringComparison.Ordinal);
        Assert.Contains("Mon 06:00:00.000 +01:00  0:27.7  234Radio News Desk - Demo News Bulletin", output, StringComparison.Ordinal);
        Assert.Contains("hard insert 'News on the hour' (0 * * * *) due Mon 2026-11-23 06:00:00 +01:00, on time", output, StringComparison.Ordinal);
        Assert.Contains("[faded out at 06:00:00.000 of ", output, StringComparison.Ordinal);
        Assert.Contains("station ID after 3 music tracks", output, StringComparison.Ordinal);
        Assert.Contains("daypart 'Morning Drive'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScheduleWithoutFrom_ExitsOneWithUsage()
    {
        var (code, _, errors) = await Run("schedule", "--config", ShippedConfig);

        Assert.Equal(1, code);
        Assert.Contains("usage: schedule --from", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Station_WithSchedule_AirsWhatTheSchedulerPicks()
    {
        string schedule = Path.Combine(StationConfigTests.FindRoot(), "config", "schedule.yaml");
        await using var host = await StationHost.StartAsync(StationHost.TempDir(), ".", "", $"--station:schedule={schedule}");

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!host.Logs.Lines.Any(l => l.Contains("On air:", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.Contains(host.Logs.Lines, l => l.Contains("starting: schedule ", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("On air:", StringComparison.Ordinal)
                                              && (l.Contains("rotation", StringComparison.Ordinal) || l.Contains("daypart", StringComparison.Ordinal)
                                                  || l.Contains("insert", StringComparison.Ordinal) || l.Contains("override", StringComparison.Ordinal)));
    }
}

using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

public class ScheduleLoaderTests
{
    [Fact]
    public void Load_DemoSchedule_IsValid()
    {
        var s = ScheduleLoader.Load(ScheduleText.DemoPath);

        Assert.Equal("Africa/Lagos", s.Zone.Id);
        Assert.Equal(4, s.Playlists.Count);
        Assert.Equal(RotationMode.Shuffle, s.Playlists["music"].Mode);
        Assert.Contains(s.Dayparts, d => d.Name == "Morning Drive" && d.Days.Count == 5 && d.Range.Start == new TimeOnly(6, 0));
        Assert.Contains(s.Inserts, i => i.CronText == "0 * * * *" && i.Start == InsertStart.Hard);
        Assert.Equal(3, s.StationId!.EveryTracks);
        Assert.Equal("music", s.Fallback);
    }

    [Fact]
    public void Parse_ManyMistakes_ListsEveryErrorWithFileLineColumn()
    {
        string yaml = """
            time_zone: Mars/Olympus_Mons
            colour: red
            playlists:
              music:
                path: ../playlists/music
                rotation: sideways
              gone:
                path: ../playlists/nowhere
            default_rotation:
              - playlist: jazz
            inserts:
              - name: News
                cron: "61 * * * *"
                playlist: music
                start: sometime
            station_id:
              playlist: music
              every_tracks: 0
            """;

        var e = Assert.Throws<ScheduleFileException>(() => ScheduleText.Parse(yaml));

        string file = Path.Combine(ScheduleText.ConfigDir, "test.yaml");
        Assert.True(e.Errors.Count == 8, e.Message);
        Assert.Contains($"{file}:1:12: unknown time zone 'Mars/Olympus_Mons'", e.Errors[0], StringComparison.Ordinal);
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:2:1: unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:6:15: rotation must be sequential, shuffle or random", StringComparison.Ordinal));
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:8:11: playlist 'gone': ../playlists/nowhere does not exist", StringComparison.Ordinal));
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:10:15: unknown playlist 'jazz'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:13:11: bad cron '61 * * * *'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:15:12: start must be soft or hard", StringComparison.Ordinal));
        Assert.Contains(e.Errors, l => l.StartsWith($"{file}:18:17: every_tracks must be a whole number from 1 to 1000", StringComparison.Ordinal));
        Assert.Equal(8, e.Errors.Count);
    }

    [Fact]
    public void Parse_DuplicateKey_IsAnErrorWithItsPosition()
    {
        string yaml = ScheduleText.Minimal("Africa/Lagos") + "\ntime_zone: Europe/London\n";

        var e = Assert.Throws<ScheduleFileException>(() => ScheduleText.Parse(yaml));

        Assert.True(e.Errors.Count == 1, e.Message);
        var line = e.Errors[0];
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, @"test\.yaml:13:1: .*duplicate key.*time_zone", System.Text.RegularExpressions.RegexOptions.IgnoreCase), line);
    }

    [Fact]
    public void Parse_BadIndentation_ReportsLineAndColumn()
    {
        var e = Assert.Throws<ScheduleFileException>(() => ScheduleText.Parse("time_zone: Africa/Lagos\nplaylists:\n  music:\n    path: x\n   rotation: shuffle\n"));

        Assert.Matches(@"test\.yaml:5:\d+: ", Assert.Single(e.Errors));
    }

    [Fact]
    public void Parse_UnclosedBracket_ReportsAPositionInsteadOfCrashing()
    {
        var e = Assert.Throws<ScheduleFileException>(() => ScheduleText.Parse("time_zone: [Africa/Lagos\nplaylists: {}\n"));

        Assert.Matches(@"test\.yaml:1:\d+: YAML syntax error", Assert.Single(e.Errors));
    }

    [Fact]
    public void Parse_DaypartsAndOverride_AreReadInStationTime()
    {
        var s = ScheduleText.Parse(ScheduleText.Minimal("Europe/London", """
            dayparts:
              - name: Late
                days: [fri, sun]
                start: "22:00"
                end: "02:00"
                rotation: [{ playlist: ids }]
            overrides:
              - name: Special
                date: "2026-12-25"
                start: "10:00"
                end: "24:00"
                rotation: [{ playlist: news, weight: 2 }]
            """));

        var late = Assert.Single(s.Dayparts);
        Assert.True(late.Range.IsOvernight);
        Assert.True(late.IsActive(new DateTime(2026, 11, 28, 1, 30, 0))); // Saturday 01:30 belongs to Friday's show
        Assert.False(late.IsActive(new DateTime(2026, 11, 27, 1, 30, 0))); // Friday 01:30: Thursday has no show
        Assert.True(late.IsActive(new DateTime(2026, 11, 29, 23, 0, 0)));
        var special = Assert.Single(s.Overrides);
        Assert.True(special.IsActive(new DateTime(2026, 12, 25, 23, 59, 59)));
        Assert.False(special.IsActive(new DateTime(2026, 12, 26, 0, 0, 0)));
    }
}

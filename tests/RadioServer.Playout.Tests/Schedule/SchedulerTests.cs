using RadioServer.Playout.Library;
using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

public class SchedulerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));

    private static ScheduleDefinition Schedule(string extra) => ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", extra));

    [Fact]
    public void Run_LargeLibraryForAWeek_NoRepeatInsideWindowsAndNothingRelaxed()
    {
        var schedule = Schedule("") with { };
        schedule = schedule with
        {
            Playlists = new Dictionary<string, PlaylistDefinition>(schedule.Playlists)
            {
                ["music"] = schedule.Playlists["music"] with { TitleWindow = TimeSpan.FromHours(3), ArtistWindow = TimeSpan.FromMinutes(45) },
            },
        };
        var logger = new ListLogger();
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 120, 40)));
        var scheduler = new Scheduler(schedule, catalog, logger, new Random(3));

        var order = ScheduleSimulator.Run(scheduler, new FakeDurations(), Monday, Monday.AddDays(7));

        RunningOrder.AssertNoGaps(order);
        Assert.True(order.Count > 2500);
        Assert.Empty(RunningOrder.WindowViolations(order, TimeSpan.FromHours(3), TimeSpan.FromMinutes(45)));
        Assert.DoesNotContain(order, e => e.Item!.Reason.Contains("relaxed", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("relaxed", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_TinyLibraryWithLongWindows_RelaxesWithOneLogLine()
    {
        var schedule = Schedule("");
        schedule = schedule with
        {
            Playlists = new Dictionary<string, PlaylistDefinition>(schedule.Playlists)
            {
                ["music"] = schedule.Playlists["music"] with { TitleWindow = TimeSpan.FromHours(3), ArtistWindow = TimeSpan.FromHours(1) },
            },
        };
        var logger = new ListLogger();
        var scheduler = new Scheduler(schedule, SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 4, 2))), logger, new Random(3));

        var order = ScheduleSimulator.Run(scheduler, new FakeDurations(), Monday, Monday.AddHours(6));

        RunningOrder.AssertNoGaps(order);
        Assert.Contains(order, e => e.Item!.Reason.Contains("relaxed", StringComparison.Ordinal));
        Assert.Single(logger.Lines, l => l.Contains("no-repeat window relaxed (artist window 60 min)", StringComparison.Ordinal));
    }

    [Fact]
    public void PickNext_WeightsInADaypart_GiveExactShares()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", """
            dayparts:
              - name: All week
                days: [mon-sun]
                start: "00:00"
                end: "24:00"
                rotation:
                  - playlist: music
                    weight: 3
                  - playlist: ids
                    weight: 1
            """));
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 10, 10)), ("ids", SyntheticLibrary.Tracks("i", 3, 1)));
        var scheduler = new Scheduler(schedule, catalog, random: new Random(1));

        var picks = Enumerable.Range(0, 400).Select(i => scheduler.PickNext(Monday.AddMinutes(i))!).ToList();

        Assert.Equal(300, picks.Count(p => p.Track.Path.StartsWith("/lib/m/", StringComparison.Ordinal)));
        Assert.All(picks, p => Assert.StartsWith("daypart 'All week'", p.Reason, StringComparison.Ordinal));
        Assert.Contains("(weight 3 of 4)", picks[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PickNext_PriorityOrder_HardThenSoftThenIdThenRequestThenRotation()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", """
            inserts:
              - name: Promo
                cron: "0 * * * *"
                playlist: ids
                start: soft
              - name: News
                cron: "0 * * * *"
                playlist: news
                start: hard
            station_id:
              playlist: ids
              every_tracks: 1
            """));
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 5, 5)), ("ids", SyntheticLibrary.Tracks("i", 2, 1)), ("news", SyntheticLibrary.Tracks("n", 1, 1)));
        var scheduler = new Scheduler(schedule, catalog, random: new Random(1));
        var t = Monday.AddMinutes(50);
        var warmUp = scheduler.PickNext(t)!;
        scheduler.OnAired(warmUp, t); // one music track aired: a station ID is now due
        scheduler.Request(new TrackInfo("/req.mp3", "Caller", "Request", null));
        var kinds = new List<PickKind?>();
        for (int i = 0; i < 6; i++)
        {
            var at = Monday.AddHours(1).AddSeconds(i);
            var item = scheduler.PickNext(at)!;
            kinds.Add(scheduler.LastKind);
            scheduler.OnAired(item, at);
        }

        // A request counts as a music track, so with every_tracks 1 another station ID follows it.
        Assert.Equal([PickKind.HardInsert, PickKind.SoftInsert, PickKind.StationId, PickKind.Request, PickKind.StationId, PickKind.Rotation], kinds);
    }

    [Fact]
    public void NextCut_HardAndSoftInserts_GiveInsertTimeAndLatestSoftStart()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", """
            inserts:
              - name: News
                cron: "0 * * * *"
                playlist: news
                start: hard
              - name: Ads
                cron: "30 * * * *"
                playlist: ids
                start: soft
                max_late_seconds: 45
            """));
        var scheduler = new Scheduler(schedule, SyntheticLibrary.Catalog());

        Assert.Equal(Monday.AddHours(1), scheduler.NextCut(Monday.AddMinutes(58)));
        Assert.Equal(Monday.AddMinutes(30).AddSeconds(45), scheduler.NextCut(Monday.AddMinutes(29)));
        Assert.Equal(Monday.AddHours(1).AddMinutes(30).AddSeconds(45), scheduler.NextCut(Monday.AddHours(1))); // not cut for its own time
        Assert.Equal(Monday.AddHours(2), scheduler.NextCut(Monday.AddHours(1).AddMinutes(30).AddSeconds(1)));
    }

    [Fact]
    public void PickNext_RotationEmpty_UsesFallbackElseNull()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", "fallback: ids"));
        var withFallback = new Scheduler(schedule, SyntheticLibrary.Catalog(("ids", SyntheticLibrary.Tracks("i", 1, 1))));
        var without = new Scheduler(schedule, SyntheticLibrary.Catalog());

        Assert.StartsWith("fallback: ids", withFallback.PickNext(Monday)!.Reason, StringComparison.Ordinal);
        Assert.Null(without.PickNext(Monday));
    }
}

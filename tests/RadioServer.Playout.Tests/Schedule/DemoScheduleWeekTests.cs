using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>The shipped demo schedule run for a whole week on virtual time, with the real MP3 durations.</summary>
public class DemoScheduleWeekTests
{
    private static readonly TimeSpan OneMp3Frame = TimeSpan.FromMilliseconds(26);

    private static readonly Lazy<(ScheduleDefinition Schedule, IReadOnlyList<RunningOrderEntry> Order, DateTimeOffset From, DateTimeOffset Until)> Week = new(() =>
    {
        var schedule = ScheduleLoader.Load(ScheduleText.DemoPath);
        var scheduler = new Scheduler(schedule, TrackCatalog.Load(schedule), random: new Random(234));
        var from = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1)); // Monday 00:00 in Lagos
        var until = from.AddDays(7);
        return (schedule, ScheduleSimulator.Run(scheduler, new ProbeDurationSource(), from, until), from, until);
    });

    [Fact]
    public void Run_DemoWeek_HasNoGapsAndNoSilence()
    {
        var (_, order, from, until) = Week.Value;

        RunningOrder.AssertNoGaps(order);
        Assert.Equal(from, order[0].Start);
        Assert.True(order[^1].End >= until);
    }

    [Fact]
    public void Run_DemoWeek_EveryHardInsertStartsOnItsSecond()
    {
        var (_, order, from, _) = Week.Value;

        var news = order.Where(e => RunningOrder.IsInsert(e, "News on the hour")).ToList();
        Assert.Equal(7 * 24, news.Count);
        for (int h = 0; h < news.Count; h++)
        {
            var due = from.AddHours(h);
            Assert.True((news[h].Start - due).Duration() <= OneMp3Frame, $"news due {due:O} started {news[h].Start:O}");
        }
    }

    [Fact]
    public void Run_DemoWeek_EverySoftInsertWithinItsLateness()
    {
        var (schedule, order, from, _) = Week.Value;

        var rule = schedule.Inserts.Single(i => i.Start == InsertStart.Soft);
        var promos = order.Where(e => RunningOrder.IsInsert(e, rule.Name)).ToList();
        Assert.Equal(7 * 24, promos.Count);
        for (int h = 0; h < promos.Count; h++)
        {
            var due = from.AddHours(h).AddMinutes(30);
            Assert.InRange(promos[h].Start, due, due + rule.MaxLate);
        }
    }

    [Fact]
    public void Run_DemoWeek_StationIdAfterExactlyThreeMusicTracks()
    {
        var (_, order, _, _) = Week.Value;

        int ids = RunningOrder.AssertStationIdEvery(order, 3);
        Assert.True(ids > 1000, $"only {ids} station IDs");
    }

    [Fact]
    public void Run_DemoWeek_NoRepeatsInsideWindowsUnlessRelaxedAndSaid()
    {
        var (schedule, order, _, _) = Week.Value;

        // Each pick obeys the windows of the playlist it came from, against everything that aired.
        foreach (var playlist in new[] { schedule.Playlists["music"], schedule.Playlists["highlife"] })
        {
            bool FromPlaylist(RunningOrderEntry e) => e.Item!.Reason.Contains($": {playlist.Name} ", StringComparison.Ordinal);
            Assert.Contains(order, FromPlaylist);
            Assert.Empty(RunningOrder.WindowViolations(order, playlist.TitleWindow, playlist.ArtistWindow, FromPlaylist));
        }
    }

    [Fact]
    public void Run_DemoWeek_MorningDriveOnWeekdaysOnly()
    {
        var (schedule, order, _, _) = Week.Value;

        foreach (var e in order.Where(RunningOrder.IsMusic))
        {
            var local = TimeZoneInfo.ConvertTime(e.Start, schedule.Zone);
            bool drive = local.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Friday && local.Hour is >= 6 and < 10;
            Assert.Equal(drive, e.Item!.Reason.StartsWith("daypart 'Morning Drive'", StringComparison.Ordinal));
        }
    }
}

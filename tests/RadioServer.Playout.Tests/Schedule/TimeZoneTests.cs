using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Inserts and dayparts are wall-clock times in the station zone, across DST changes.</summary>
public class TimeZoneTests
{
    private static string Extra(string dayparts = "") => $"""
        inserts:
          - name: News
            cron: "0 * * * *"
            playlist: news
            start: hard
          - name: Daily one
            cron: "0 1 * * *"
            playlist: ids
            start: soft
            max_late_seconds: 120
          - name: Midnight
            cron: "0 0 * * *"
            playlist: ids
            start: soft
            max_late_seconds: 30
        {dayparts}
        """;

    private const string NightAndDrive = """
        dayparts:
          - name: Drive
            days: [mon-sun]
            start: "06:00"
            end: "10:00"
            rotation: [{ playlist: ids }]
          - name: Night
            days: [mon-sun]
            start: "00:00"
            end: "03:00"
            rotation: [{ playlist: news }]
        """;

    /// <summary>The news runs 30 s, so a soft insert due with the news starts 30 s late, right after it.</summary>
    private static readonly Dictionary<string, TimeSpan> NewsLengths = new()
    {
        ["/lib/n/000.mp3"] = TimeSpan.FromSeconds(30),
        ["/lib/n/001.mp3"] = TimeSpan.FromSeconds(30),
    };

    private static readonly TimeSpan AfterNews = TimeSpan.FromSeconds(30);

    private static (ScheduleDefinition Schedule, IReadOnlyList<RunningOrderEntry> Order) Run(string zone, DateTimeOffset from, DateTimeOffset until, string dayparts = NightAndDrive)
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal(zone, Extra(dayparts)));
        var catalog = SyntheticLibrary.Catalog(
            ("music", SyntheticLibrary.Tracks("m", 30, 30)), ("ids", SyntheticLibrary.Tracks("i", 3, 1)), ("news", SyntheticLibrary.Tracks("n", 2, 1)));
        var scheduler = new Scheduler(schedule, catalog, random: new Random(5));
        var order = ScheduleSimulator.Run(scheduler, new FakeDurations(NewsLengths), from, until);
        RunningOrder.AssertNoGaps(order);
        return (schedule, order);
    }

    private static List<DateTimeOffset> Starts(IReadOnlyList<RunningOrderEntry> order, string insert) =>
        order.Where(e => RunningOrder.IsInsert(e, insert)).Select(e => e.Start).ToList();

    private static void AssertDaypartsKeepWallClock(ScheduleDefinition schedule, IReadOnlyList<RunningOrderEntry> order)
    {
        foreach (var e in order.Where(RunningOrder.IsMusic))
        {
            var local = TimeZoneInfo.ConvertTime(e.Start, schedule.Zone);
            string expected = local.Hour switch
            {
                >= 6 and < 10 => "daypart 'Drive'",
                < 3 => "daypart 'Night'",
                _ => "default rotation",
            };
            Assert.True(e.Item!.Reason.StartsWith(expected, StringComparison.Ordinal), $"{local:O}: {e.Item.Reason}");
        }
    }

    [Fact]
    public void Run_AfricaLagos_NewsEveryHourAndDaypartsAtLocalTimes()
    {
        var from = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));
        var (schedule, order) = Run("Africa/Lagos", from, from.AddDays(2));

        Assert.Equal(Enumerable.Range(0, 48).Select(h => from.AddHours(h)), Starts(order, "News"));
        Assert.Equal([from.AddHours(1) + AfterNews, from.AddHours(25) + AfterNews], Starts(order, "Daily one"));
        AssertDaypartsKeepWallClock(schedule, order);
    }

    [Fact]
    public void Run_EuropeLondonSpringForward_EveryRealHourOnceAndSkippedOneAmFiresAtTwo()
    {
        var from = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);        // Saturday 12:00 GMT
        var until = new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.FromHours(1)); // Monday 12:00 BST
        var (schedule, order) = Run("Europe/London", from, until);

        var news = Starts(order, "News");
        Assert.Equal(47, news.Count); // 47 real hours: 01:00 on the 29th does not exist
        Assert.Equal(news.Count, news.Distinct().Count());
        Assert.All(news.Zip(news.Skip(1)), p => Assert.Equal(TimeSpan.FromHours(1), p.Second - p.First));
        Assert.All(news, t => Assert.Equal(0, TimeZoneInfo.ConvertTime(t, schedule.Zone).Minute));
        var daily = Starts(order, "Daily one");
        // 01:00 does not exist on the 29th: it fires once, at the first valid instant (02:00 BST), after that hour's news.
        Assert.Equal([new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.FromHours(1)) + AfterNews, new DateTimeOffset(2026, 3, 30, 1, 0, 0, TimeSpan.FromHours(1)) + AfterNews], daily);
        AssertDaypartsKeepWallClock(schedule, order);
    }

    [Fact]
    public void Run_EuropeLondonFallBack_EveryRealHourOnceAndDailyOneAmOnce()
    {
        var from = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.FromHours(1)); // Saturday 12:00 BST
        var until = new DateTimeOffset(2026, 10, 26, 12, 0, 0, TimeSpan.Zero);        // Monday 12:00 GMT
        var (schedule, order) = Run("Europe/London", from, until);

        var news = Starts(order, "News");
        Assert.Equal(49, news.Count); // 49 real hours: 01:00 comes twice on the 25th, each an hour of its own
        Assert.Equal(news.Count, news.Distinct().Count());
        Assert.All(news.Zip(news.Skip(1)), p => Assert.Equal(TimeSpan.FromHours(1), p.Second - p.First));
        var daily = Starts(order, "Daily one");
        Assert.Equal(2, daily.Count); // once on the 25th (not in both copies of 01:00) and once on the 26th
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.FromHours(1)) + AfterNews, daily[0]);
        AssertDaypartsKeepWallClock(schedule, order);
    }

    [Fact]
    public void Run_AfricaCairoSpringForward_MissingMidnightFiresOnceAtOneAndNightDaypartRuns()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Cairo");
        // This machine's zone data has Egypt's DST (restored in 2023): Friday 2026-04-24 jumps from 00:00 to 01:00.
        Assert.True(zone.IsInvalidTime(new DateTime(2026, 4, 24, 0, 30, 0)));
        var from = new DateTimeOffset(2026, 4, 23, 12, 0, 0, TimeSpan.FromHours(2));
        var until = new DateTimeOffset(2026, 4, 25, 12, 0, 0, TimeSpan.FromHours(3));
        var (schedule, order) = Run("Africa/Cairo", from, until);

        var midnight = Starts(order, "Midnight");
        Assert.Equal(2, midnight.Count);
        // Midnight does not exist on the 24th: the insert is due once, at 01:00 EEST, and plays after the inserts due
        // at that instant that come before it (the news, hard; "Daily one", earlier in the file).
        var first = order.Single(e => RunningOrder.IsInsert(e, "Midnight") && e.Start == midnight[0]);
        Assert.Contains("due Fri 2026-04-24 01:00:00 +03:00", first.Item!.Reason, StringComparison.Ordinal);
        Assert.InRange(midnight[0], new DateTimeOffset(2026, 4, 24, 1, 0, 30, TimeSpan.FromHours(3)), new DateTimeOffset(2026, 4, 24, 1, 10, 0, TimeSpan.FromHours(3)));
        Assert.Equal(new DateTimeOffset(2026, 4, 25, 0, 0, 0, TimeSpan.FromHours(3)) + AfterNews, midnight[1]);
        Assert.Contains(order, e => e.Item!.Reason.StartsWith("daypart 'Night'", StringComparison.Ordinal)
                                    && TimeZoneInfo.ConvertTime(e.Start, zone).Date == new DateTime(2026, 4, 24));
        AssertDaypartsKeepWallClock(schedule, order);
    }
}

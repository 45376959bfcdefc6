using RadioServer.Stats;

namespace RadioServer.Tests.Stats;

[Trait("Layer", "Unit")]
public class ListenerReportTests
{
    private static readonly TimeZoneInfo Lagos = TimeZoneInfo.FindSystemTimeZoneById("Africa/Lagos");

    private static SessionRecord Session(string startUtc, string endUtc) =>
        new("/stream.mp3", DateTimeOffset.Parse(startUtc, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(endUtc, System.Globalization.CultureInfo.InvariantCulture), 0, "ua", null, "closed");

    [Fact]
    public void Compute_SessionAcrossLocalMidnight_SplitsBetweenTheTwoDays()
    {
        // 23:30 to 00:30 in Lagos (UTC+1) is 22:30 to 23:30 UTC: all on one UTC day, but two station days.
        var sessions = new[] { Session("2026-11-27T22:30:00Z", "2026-11-27T23:30:00Z"), Session("2026-11-27T22:45:00Z", "2026-11-27T22:50:00Z") };
        var rows = ListenerReport.Compute(sessions, new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28), Lagos, hourly: false);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.FromHours(1)), rows[0].Start);
        Assert.Equal(TimeSpan.FromHours(1), rows[0].Start.Offset);
        Assert.Equal(0.5 + 5 / 60.0, rows[0].ListenerHours, 3);
        Assert.Equal(2, rows[0].Peak);
        Assert.Equal(2, rows[0].Sessions);
        Assert.Equal(0.5, rows[1].ListenerHours, 3);
        Assert.Equal(1, rows[1].Peak);
        Assert.Equal(0.5 / 24, rows[1].Average, 4);
    }

    [Fact]
    public void Compute_Hourly_PeakAndAveragePerStationHour()
    {
        var sessions = new[]
        {
            Session("2026-11-27T22:30:00Z", "2026-11-27T23:30:00Z"), // 23:30-00:30 local
            Session("2026-11-27T22:40:00Z", "2026-11-27T22:50:00Z"), // 23:40-23:50
            Session("2026-11-27T22:50:00Z", "2026-11-27T22:55:00Z"), // 23:50-23:55: starts as the second ends, peak stays 2
        };
        var rows = ListenerReport.Compute(sessions, new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28), Lagos, hourly: true);
        Assert.Equal(48, rows.Count);
        var h23 = rows[23];
        Assert.Equal(23, h23.Start.Hour);
        Assert.Equal((30 + 10 + 5) / 60.0, h23.ListenerHours, 4);
        Assert.Equal(2, h23.Peak);
        Assert.Equal(45 / 60.0, h23.Average, 4);
        var h00 = rows[24];
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.FromHours(1)), h00.Start);
        Assert.Equal(0.5, h00.ListenerHours, 4);
        Assert.Equal(1, h00.Peak);
        Assert.Equal(0, rows[1].Peak);
    }
}

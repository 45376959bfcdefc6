using System.Globalization;
using RadioServer.Configuration;
using RadioServer.Icecast;
using RadioServer.NowPlaying;
using RadioServer.Stats;

namespace RadioServer.Api;

/// <summary>
/// Listener and aired-log reports from the station database, for the admin only (Basic auth as <c>/admin/*</c>).
/// <c>from</c>/<c>to</c> are dates (<c>yyyy-MM-dd</c>, both included) in the station's zone, default the last 7 days;
/// <c>format=csv</c> gives CSV instead of JSON.
/// </summary>
internal static class ReportEndpoints
{
    public static void Map(WebApplication app, StationOptions options)
    {
        app.MapGet("/api/reports/listeners", (HttpContext c, IServiceProvider services, TimeProvider time) => Report(c, options, services, time, (db, zone, from, to) =>
        {
            bool hourly = c.Request.Query["by"] == "hour";
            var (fromUtc, toUtc) = (ListenerReport.MidnightUtc(from, zone), ListenerReport.MidnightUtc(to.AddDays(1), zone));
            var rows = ListenerReport.Compute(db.Sessions(fromUtc, toUtc), from, to, zone, hourly);
            return Csv(c)
                ? Results.Text(Stats.Csv.Write(["start", "end", "listener_hours", "peak", "average", "sessions"],
                    rows.Select(r => new[] { Iso(r.Start), Iso(r.End), Num(r.ListenerHours), Num(r.Peak), Num(r.Average), Num(r.Sessions) })), "text/csv; charset=utf-8")
                : Results.Json(new ListenerReportDocument(options.TimeZone, hourly ? "hour" : "day", Math.Round(rows.Sum(r => r.ListenerHours), 4), rows), ApiJsonContext.For<ListenerReportDocument>());
        }));

        app.MapGet("/api/reports/useragents", (HttpContext c, IServiceProvider services, TimeProvider time) => Report(c, options, services, time, (db, zone, from, to) =>
        {
            var sessions = db.Sessions(ListenerReport.MidnightUtc(from, zone), ListenerReport.MidnightUtc(to.AddDays(1), zone));
            var top = sessions.GroupBy(s => s.UserAgent ?? "unknown")
                .Select(g => new UserAgentRow(g.Key, g.Count(), Math.Round(g.Sum(s => s.Duration.TotalHours), 4)))
                .OrderByDescending(g => g.Sessions).ThenBy(g => g.UserAgent, StringComparer.Ordinal).Take(20).ToList();
            return Csv(c)
                ? Results.Text(Stats.Csv.Write(["user_agent", "sessions", "listener_hours"], top.Select(t => new[] { t.UserAgent, Num(t.Sessions), Num(t.ListenerHours) })), "text/csv; charset=utf-8")
                : Results.Json(top, ApiJsonContext.For<List<UserAgentRow>>());
        }));

        app.MapGet("/api/reports/sessions", (HttpContext c, IServiceProvider services, TimeProvider time) => Report(c, options, services, time, (db, zone, from, to) =>
        {
            var sessions = db.Sessions(ListenerReport.MidnightUtc(from, zone), ListenerReport.MidnightUtc(to.AddDays(1), zone));
            return Csv(c)
                ? Results.Text(Stats.Csv.Write(["mount", "start_utc", "start_local", "seconds", "bytes", "user_agent", "ip", "end_reason"],
                    sessions.Select(s => new[] { s.Mount, Iso(s.StartedUtc), Iso(TimeZoneInfo.ConvertTime(s.StartedUtc, zone)), Num(Math.Round(s.Duration.TotalSeconds, 1)), Num(s.Bytes), s.UserAgent, s.Ip, s.EndReason })),
                    "text/csv; charset=utf-8")
                : Results.Json(
                    sessions.Select(s => new SessionRow(s.Mount, s.StartedUtc.UtcDateTime, TimeZoneInfo.ConvertTime(s.StartedUtc, zone),
                        Math.Round(s.Duration.TotalSeconds, 1), s.Bytes, s.UserAgent, s.Ip, s.EndReason)).ToList(),
                    ApiJsonContext.For<List<SessionRow>>());
        }));

        app.MapGet("/api/reports/aired", (HttpContext c, IServiceProvider services, TimeProvider time) => Report(c, options, services, time, (db, zone, from, to) =>
        {
            var aired = db.Aired(ListenerReport.MidnightUtc(from, zone), ListenerReport.MidnightUtc(to.AddDays(1), zone));
            return Csv(c)
                ? Results.Text(Stats.Csv.Write(["start_utc", "start_local", "artist", "title", "album", "duration_seconds", "kind", "source"],
                    aired.Select(a => new[] { Iso(a.StartedUtc), Iso(TimeZoneInfo.ConvertTime(a.StartedUtc, zone)), a.Artist, a.Title, a.Album, a.Duration is { } d ? Num(Math.Round(d.TotalSeconds, 1)) : "", a.Kind, a.Source })),
                    "text/csv; charset=utf-8")
                : Results.Json(
                    aired.Select(a => new AiredRow(a.StartedUtc.UtcDateTime, TimeZoneInfo.ConvertTime(a.StartedUtc, zone), a.Artist, a.Title, a.Album,
                        a.Duration?.TotalSeconds, a.Kind, a.Source)).ToList(),
                    ApiJsonContext.For<List<AiredRow>>());
        }));
    }

    private static IResult Report(HttpContext c, StationOptions options, IServiceProvider services, TimeProvider time, Func<StatsDatabase, TimeZoneInfo, DateOnly, DateOnly, IResult> report)
    {
        if (Credentials.Check(c.Request, options) != Role.Admin)
        {
            return IcecastResults.Unauthorized(c);
        }

        if (services.GetService<StatsDatabase>() is not { } db)
        {
            return Results.NotFound("no database: set station.database");
        }

        var zone = services.GetRequiredService<NowPlayingService>().Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        if (!TryDate(c, "to", today, out var to) || !TryDate(c, "from", to.AddDays(-6), out var from) || from > to || to.DayNumber - from.DayNumber > 366)
        {
            return Results.BadRequest("from and to are dates (yyyy-MM-dd), from <= to, at most a year apart");
        }

        try
        {
            return report(db, zone, from, to);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            return Results.Problem($"the statistics database cannot be read now: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static bool TryDate(HttpContext c, string key, DateOnly fallback, out DateOnly date)
    {
        string value = c.Request.Query[key].ToString();
        if (value.Length == 0)
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static bool Csv(HttpContext c) => c.Request.Query["format"] == "csv";

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>/api/reports/listeners</c>: the rows and their total.</summary>
    internal sealed record ListenerReportDocument(string TimeZone, string By, double TotalListenerHours, IReadOnlyList<ListenerReportRow> Rows);

    /// <summary>One line of <c>/api/reports/useragents</c>.</summary>
    internal sealed record UserAgentRow(string UserAgent, int Sessions, double ListenerHours);

    /// <summary>One line of <c>/api/reports/sessions</c>.</summary>
    internal sealed record SessionRow(string Mount, DateTime StartUtc, DateTimeOffset StartLocal, double Seconds, long Bytes, string? UserAgent, string? Ip, string EndReason);

    /// <summary>One line of <c>/api/reports/aired</c>.</summary>
    internal sealed record AiredRow(DateTime StartUtc, DateTimeOffset StartLocal, string? Artist, string? Title, string? Album, double? Duration, string? Kind, string? Source);
}

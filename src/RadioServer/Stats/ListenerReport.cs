namespace RadioServer.Stats;

/// <summary>
/// Listener-hours, peak and average listeners per hour or per day, cut at the station zone's hour and day
/// boundaries (a session from 23:30 to 00:30 counts half an hour in each day). Pure: no I/O, no clock.
/// </summary>
public static class ListenerReport
{
    /// <summary>UTC instant of local midnight starting <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset MidnightUtc(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static IReadOnlyList<ListenerReportRow> Compute(IReadOnlyList<SessionRecord> sessions, DateOnly from, DateOnly to, TimeZoneInfo zone, bool hourly)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(zone);
        var rows = new List<ListenerReportRow>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var dayStart = MidnightUtc(day, zone);
            var dayEnd = MidnightUtc(day.AddDays(1), zone);
            if (!hourly)
            {
                rows.Add(Bucket(sessions, dayStart, dayEnd, zone));
                continue;
            }

            for (var h = dayStart; h < dayEnd; h = h.AddHours(1))
            {
                rows.Add(Bucket(sessions, h, h.AddHours(1) < dayEnd ? h.AddHours(1) : dayEnd, zone));
            }
        }

        return rows;
    }

    private static ListenerReportRow Bucket(IReadOnlyList<SessionRecord> sessions, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        double seconds = 0;
        int active = 0, count = 0;
        var changes = new List<(DateTimeOffset At, int Delta)>();
        foreach (var s in sessions)
        {
            if (s.EndedUtc <= start || s.StartedUtc >= end)
            {
                continue;
            }

            count++;
            var from = s.StartedUtc > start ? s.StartedUtc : start;
            var to = s.EndedUtc < end ? s.EndedUtc : end;
            seconds += (to - from).TotalSeconds;
            if (s.StartedUtc <= start)
            {
                active++;
            }
            else
            {
                changes.Add((s.StartedUtc, 1));
            }

            if (s.EndedUtc < end)
            {
                changes.Add((s.EndedUtc, -1));
            }
        }

        int peak = active;
        foreach (var (_, delta) in changes.OrderBy(c => c.At).ThenBy(c => c.Delta))
        {
            active += delta;
            peak = Math.Max(peak, active);
        }

        return new ListenerReportRow(TimeZoneInfo.ConvertTime(start, zone), TimeZoneInfo.ConvertTime(end, zone),
            Math.Round(seconds / 3600, 4), peak, Math.Round(seconds / (end - start).TotalSeconds, 4), count);
    }
}

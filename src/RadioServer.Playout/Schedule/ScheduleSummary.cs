namespace RadioServer.Playout.Schedule;

/// <summary>
/// Counts a running order per station day: inserts by name, station IDs, late starts and the worst lateness, so an
/// operator can check a month (or a year) before it airs. An insert's slot is its due time; for a hard insert that
/// follows another due at the same instant, the end of the one before (<see cref="Bus.PlayoutItem.NotBefore"/>).
/// A hard insert is late when it starts more than <see cref="Tolerance"/> after its slot; a soft one when it starts
/// later than its <c>max_late_seconds</c> (plus the tolerance).
/// </summary>
public static class ScheduleSummary
{
    /// <summary>One MP3 frame: how far off its slot an insert may start and still count as on time.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(26);

    public static IReadOnlyList<DaySummary> ByDay(IReadOnlyList<RunningOrderEntry> order, ScheduleDefinition schedule)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(schedule);
        var zone = schedule.Zone;
        var rules = schedule.Inserts.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var days = new SortedDictionary<DateOnly, Counts>();
        foreach (var e in order)
        {
            if (e.Item is not { } item)
            {
                continue;
            }

            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.Start, zone).DateTime);
            if (!days.TryGetValue(date, out var day))
            {
                day = new Counts(schedule.Inserts.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => 0, StringComparer.Ordinal));
                days[date] = day;
            }

            if (e.Kind == PickKind.StationId)
            {
                day.StationIds++;
            }

            if (item.Insert is not { } name || !rules.TryGetValue(name, out var rule))
            {
                continue;
            }

            day.Inserts[name]++;
            var slot = rule.Start == InsertStart.Hard ? item.NotBefore ?? item.Due ?? e.Start : item.Due ?? e.Start;
            var lateness = e.Start - slot;
            var allowed = (rule.Start == InsertStart.Hard ? TimeSpan.Zero : rule.MaxLate) + Tolerance;
            if (lateness > allowed)
            {
                day.Late++;
            }

            if (lateness > day.Worst)
            {
                day.Worst = lateness;
            }
        }

        return days.Select(d => new DaySummary(d.Key, HoursIn(d.Key, zone), d.Value.Inserts, d.Value.StationIds, d.Value.Late, d.Value.Worst)).ToList();
    }

    /// <summary>The real length of a station day: 24 h less how far the clocks went forward during it (or plus back).</summary>
    public static double HoursIn(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var lastSecond = date.ToDateTime(new TimeOnly(23, 59, 59));
        var before = zone.GetUtcOffset(lastSecond.AddDays(-1));
        var after = zone.GetUtcOffset(lastSecond);
        return 24 - (after - before).TotalHours;
    }

    private sealed class Counts(Dictionary<string, int> inserts)
    {
        public Dictionary<string, int> Inserts { get; } = inserts;

        public int StationIds { get; set; }

        public int Late { get; set; }

        public TimeSpan Worst { get; set; }
    }
}

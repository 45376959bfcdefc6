namespace RadioServer.Playout.Tests.Schedule;

/// <summary>
/// When an insert is due, worked out without Cronos by walking every real minute of the span: "every hour" at minute
/// M fires whenever a real minute shows M on the wall clock (23 or 25 times on the days the clocks change), and a
/// wall-clock H:M skipped by spring forward fires once at the first valid instant (if nothing fired then); a fixed
/// hour fires once a day at the first real minute at or after its wall-clock time (a time skipped by spring forward
/// fires at the first valid instant; on fall back only the first of the two).
/// </summary>
internal static class DueOracle
{
    /// <param name="hours">Fixed hours, or null for every hour.</param>
    /// <param name="weekdays">Days it fires on, or null for every day.</param>
    public static List<DateTimeOffset> Occurrences(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset until, int minute, int[]? hours, DayOfWeek[]? weekdays)
    {
        var result = new List<DateTimeOffset>();
        var fired = new HashSet<(DateOnly, int)>();
        DateTime? previous = null;
        for (var utc = from.ToUniversalTime(); utc < until; utc = utc.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(utc, zone);
            bool skipped = previous is { } p && local.DateTime - p > TimeSpan.FromMinutes(1)
                && Enumerable.Range(1, (int)(local.DateTime - p).TotalMinutes - 1).Any(k => p.AddMinutes(k).Minute == minute);
            previous = local.DateTime;
            var date = DateOnly.FromDateTime(local.DateTime);
            if (weekdays is not null && !weekdays.Contains(local.DayOfWeek))
            {
                continue;
            }

            if (hours is null)
            {
                if (local.Minute == minute || skipped)
                {
                    result.Add(utc);
                }

                continue;
            }

            foreach (int h in hours)
            {
                if (local.TimeOfDay >= new TimeSpan(h, minute, 0) && fired.Add((date, h)))
                {
                    result.Add(utc);
                }
            }
        }

        return result;
    }
}

namespace RadioServer.Playout.Schedule;

/// <summary>A weekly programme block, e.g. Mon–Fri 06:00–10:00 "Morning Drive", with its own rotation.</summary>
public sealed record Daypart(string Name, IReadOnlySet<DayOfWeek> Days, WeeklyRange Range, IReadOnlyList<WeightedPlaylist> Rotation)
{
    /// <summary>Whether the daypart is on at station-local time <paramref name="local"/>.</summary>
    public bool IsActive(DateTime local) => Range.Contains(local, d => Days.Contains(d.DayOfWeek));
}

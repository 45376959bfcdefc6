namespace RadioServer.Playout.Schedule;

/// <summary>A special programme on one date; it wins over the weekly dayparts while it runs.</summary>
public sealed record DateOverride(string Name, DateOnly Date, WeeklyRange Range, IReadOnlyList<WeightedPlaylist> Rotation)
{
    /// <summary>Whether the override is on at station-local time <paramref name="local"/>.</summary>
    public bool IsActive(DateTime local) => Range.Contains(local, d => d == Date);
}

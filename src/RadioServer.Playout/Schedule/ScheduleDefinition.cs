namespace RadioServer.Playout.Schedule;

/// <summary>A validated, immutable schedule (<c>config/schedule.yaml</c>). All times are wall-clock times in <see cref="Zone"/>.</summary>
public sealed record ScheduleDefinition(
    string FilePath,
    TimeZoneInfo Zone,
    IReadOnlyDictionary<string, PlaylistDefinition> Playlists,
    IReadOnlyList<WeightedPlaylist> DefaultRotation,
    IReadOnlyList<Daypart> Dayparts,
    IReadOnlyList<DateOverride> Overrides,
    IReadOnlyList<InsertRule> Inserts,
    StationIdRule? StationId,
    string? Fallback);

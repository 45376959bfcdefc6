namespace RadioServer.NowPlaying;

/// <summary>The JSON of one item (current or history) in <c>/api/nowplaying</c>. Seconds are rounded to 0.1 s.</summary>
public sealed record NowPlayingItemInfo(
    string? Artist,
    string Title,
    string? Album,
    string Text,
    string Kind,
    string Source,
    double? Duration,
    double? Elapsed,
    DateTime StartedAtUtc,
    DateTimeOffset StartedAtLocal);

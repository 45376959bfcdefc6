namespace RadioServer.NowPlaying;

/// <summary>
/// The whole now-playing state, as <c>GET /api/nowplaying</c> answers and each server-sent event carries.
/// <paramref name="Next"/> is empty until the item selector can say what comes next.
/// </summary>
public sealed record NowPlayingDocument(
    NowPlayingStationInfo Station,
    int Listeners,
    IReadOnlyList<NowPlayingMountInfo> Mounts,
    NowPlayingItemInfo? NowPlaying,
    IReadOnlyList<NowPlayingItemInfo> Next,
    IReadOnlyList<NowPlayingItemInfo> History,
    DateTime GeneratedAtUtc,
    long Version);

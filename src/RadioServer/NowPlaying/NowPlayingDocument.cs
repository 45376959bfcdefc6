namespace RadioServer.NowPlaying;

/// <summary>
/// The whole now-playing state, as <c>GET /api/nowplaying</c> answers and each server-sent event carries.
/// <paramref name="Next"/> holds the item picked to follow the current one, from about 10 s before it starts (the engine
/// picks it when it plans the transition); it is empty before that.
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

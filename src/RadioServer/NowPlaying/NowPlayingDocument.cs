namespace RadioServer.NowPlaying;

/// <summary>
/// The whole now-playing state, as <c>GET /api/nowplaying</c> answers and each server-sent event carries.
/// <paramref name="Next"/> holds the item picked to follow the current one, from a few seconds before it starts (the engine
/// picks it when it plans the transition: its lookahead, twice the crossfade and at least 2 s); it is empty before that. <paramref name="Listeners"/> counts Icecast and HLS listeners.
/// </summary>
public sealed record NowPlayingDocument(
    NowPlayingStationInfo Station,
    int Listeners,
    IReadOnlyList<NowPlayingMountInfo> Mounts,
    NowPlayingItemInfo? NowPlaying,
    IReadOnlyList<NowPlayingItemInfo> Next,
    IReadOnlyList<NowPlayingItemInfo> History,
    DateTime GeneratedAtUtc,
    long Version,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    NowPlayingHlsInfo? Hls = null);

/// <summary>
/// The station's HLS output in <c>/api/nowplaying</c> (absent without one): the multivariant playlist, the rewind window
/// configured and the air time of the oldest audio still kept (null before the first segment).
/// </summary>
public sealed record NowPlayingHlsInfo(string Url, double WindowMinutes, DateTime? WindowStartUtc, IReadOnlyList<NowPlayingHlsRendition> Renditions);

/// <summary>One HLS rendition and its listeners (clients the origin saw within the last three segments).</summary>
public sealed record NowPlayingHlsRendition(string Name, string Url, int Bitrate, int SampleRate, int Channels, int Listeners);

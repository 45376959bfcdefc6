namespace RadioServer.NowPlaying;

/// <summary>The JSON of the station in <c>/api/nowplaying</c>.</summary>
public sealed record NowPlayingStationInfo(string Name, string Description, string Genre, string Url, string TimeZone);

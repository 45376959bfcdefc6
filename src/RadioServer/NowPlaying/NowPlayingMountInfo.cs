namespace RadioServer.NowPlaying;

/// <summary>The JSON of one mount in <c>/api/nowplaying</c>: <paramref name="Path"/> is relative to the station, <paramref name="Url"/> absolute.</summary>
public sealed record NowPlayingMountInfo(string Path, string Url, string Format, string ContentType, int Bitrate, int SampleRate, int Channels, int Listeners);

using RadioServer.NowPlaying;

namespace RadioServer.Webhooks;

/// <summary>What every rendering of one event shares: the station's name and address, and for <c>song_changed</c> the now-playing document.</summary>
internal sealed record WebhookContext(string Station, string StationUrl, NowPlayingDocument? NowPlaying);

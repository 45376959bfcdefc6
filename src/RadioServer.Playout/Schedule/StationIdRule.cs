namespace RadioServer.Playout.Schedule;

/// <summary>A station ID from <paramref name="Playlist"/> after every <paramref name="EveryTracks"/> music tracks that aired.</summary>
public sealed record StationIdRule(string Playlist, int EveryTracks);

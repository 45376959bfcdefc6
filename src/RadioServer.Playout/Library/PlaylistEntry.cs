namespace RadioServer.Playout.Library;

/// <summary>One line of a playlist: a resolved file path and, from <c>#EXTINF</c>, an optional display title.</summary>
/// <param name="Source">Where the entry came from (<c>file:line</c>), for log lines.</param>
public sealed record PlaylistEntry(string Path, string? ExtInfTitle, string Source);

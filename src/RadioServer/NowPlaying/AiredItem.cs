namespace RadioServer.NowPlaying;

/// <summary>
/// One item as it aired: what it is called, how long it lasts and when its first sample was released to
/// the mounts (UTC). <paramref name="Source"/> says where the title came from: <c>playout</c> or <c>admin</c>
/// (an operator's <c>/admin/metadata</c> update).
/// </summary>
public sealed record AiredItem(string? Artist, string Title, string? Album, string Text, string Kind, TimeSpan? Duration, DateTimeOffset StartedUtc, string Source);

namespace RadioServer.Playout.Library;

/// <summary>One line of a playlist: a resolved file path and, from <c>#EXTINF</c>, an optional display title.</summary>
/// <param name="Source">Where the entry came from (<c>file:line</c>), for log lines.</param>
/// <param name="Length">From <c>#EXTINF</c> when positive: how long to relay a stream entry.</param>
public sealed record PlaylistEntry(string Path, string? ExtInfTitle, string Source, TimeSpan? Length = null)
{
    /// <summary>An upstream HTTP stream (a relay item) rather than a file.</summary>
    public bool IsStream => IsStreamUrl(Path);

    public static bool IsStreamUrl(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

namespace RadioServer.Playout.Schedule;

/// <summary>What aired and when (music only), kept as far back as the longest no-repeat window needs.</summary>
public sealed class PlayHistory(TimeSpan keep)
{
    private readonly List<Entry> _entries = [];

    /// <summary>Records a track that started at <paramref name="airTime"/> (entries arrive in air-time order).</summary>
    public void Add(DateTimeOffset airTime, string? title, string? artist)
    {
        _entries.Add(new Entry(airTime, Normalize(title), ArtistNames.Split(artist)));
        int old = _entries.FindIndex(e => e.AirTime >= airTime - keep);
        if (old > 0)
        {
            _entries.RemoveRange(0, old);
        }
    }

    /// <summary>Takes over what <paramref name="other"/> recorded (after a reload).</summary>
    public void CopyFrom(PlayHistory other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _entries.Clear();
        _entries.AddRange(other._entries);
    }

    /// <summary>Whether <paramref name="title"/> started after <paramref name="since"/>.</summary>
    public bool TitlePlayedSince(string? title, DateTimeOffset since)
    {
        string? key = Normalize(title);
        return key is not null && Since(since).Any(e => e.Title == key);
    }

    /// <summary>Whether any artist of <paramref name="artist"/> started a track after <paramref name="since"/>.</summary>
    public bool ArtistPlayedSince(string? artist, DateTimeOffset since)
    {
        var names = ArtistNames.Split(artist);
        return names.Count > 0 && Since(since).Any(e => e.Artists.Any(names.Contains));
    }

    private IEnumerable<Entry> Since(DateTimeOffset since)
    {
        for (int i = _entries.Count - 1; i >= 0 && _entries[i].AirTime > since; i--)
        {
            yield return _entries[i];
        }
    }

    private static string? Normalize(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().ToLowerInvariant();

    private sealed record Entry(DateTimeOffset AirTime, string? Title, IReadOnlyList<string> Artists);
}

namespace RadioServer.Playout.Schedule;

/// <summary>What aired and when, as far back as the longest no-repeat window needs.</summary>
public sealed class PlayHistory
{
    private readonly List<Entry> _entries = [];

    /// <summary>Records a track that started at <paramref name="airTime"/>.</summary>
    public void Add(DateTimeOffset airTime, string? title, string? artist)
    {
        _entries.Add(new Entry(airTime, Normalize(title), ArtistNames.Split(artist)));
        int old = _entries.FindIndex(e => e.AirTime > airTime - TimeSpan.FromDays(7));
        if (old > 0)
        {
            _entries.RemoveRange(0, old);
        }
    }

    /// <summary>Whether <paramref name="title"/> started after <paramref name="since"/>.</summary>
    public bool TitlePlayedSince(string? title, DateTimeOffset since)
    {
        string? key = Normalize(title);
        return key is not null && _entries.Exists(e => e.AirTime > since && e.Title == key);
    }

    /// <summary>Whether any artist of <paramref name="artist"/> started a track after <paramref name="since"/>.</summary>
    public bool ArtistPlayedSince(string? artist, DateTimeOffset since)
    {
        var names = ArtistNames.Split(artist);
        return names.Count > 0 && _entries.Exists(e => e.AirTime > since && e.Artists.Any(names.Contains));
    }

    private static string? Normalize(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().ToLowerInvariant();

    private sealed record Entry(DateTimeOffset AirTime, string? Title, IReadOnlyList<string> Artists);
}

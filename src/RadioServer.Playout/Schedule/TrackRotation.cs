using RadioServer.Playout.Library;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// The rotation state of one playlist. Candidates come in rotation order (sequential, the current shuffle
/// round, or random); the first one outside its title and artist no-repeat windows wins. When none is, the
/// rest of a round is skipped to a fresh round first; then the artist window is relaxed, then the title window,
/// and the pick says so.
/// </summary>
internal sealed class TrackRotation(PlaylistDefinition playlist, IReadOnlyList<TrackInfo> tracks, Random random)
{
    private int[] _order = [];
    private int _position;
    private int _round;
    private int _last = -1;

    public PlaylistDefinition Playlist => playlist;

    public int Count => tracks.Count;

    /// <summary>Picks the track that will start at <paramref name="airTime"/>, or null for an empty playlist.</summary>
    public RotationPick? Next(DateTimeOffset airTime, PlayHistory history)
    {
        if (tracks.Count == 0)
        {
            return null;
        }

        if (_position >= _order.Length || playlist.Mode == RotationMode.Random)
        {
            NewRound();
        }

        if (TryTake(airTime, history, 0) is { } pick)
        {
            return pick;
        }

        if (_position > 0)
        {
            // Everything left in this round is inside its window: end the round early (the leftovers are in the
            // next round's permutation) rather than relax a window the whole library could still honour.
            NewRound();
            if (TryTake(airTime, history, 0) is { } fresh)
            {
                return fresh;
            }
        }

        return TryTake(airTime, history, 1) ?? TryTake(airTime, history, 2)!;
    }

    private RotationPick? TryTake(DateTimeOffset airTime, PlayHistory history, int level)
    {
        for (int k = _position; k < _order.Length; k++)
        {
            if (Allowed(tracks[_order[k]], airTime, history, level))
            {
                (_order[_position], _order[k]) = (_order[k], _order[_position]);
                return Take(level);
            }
        }

        return null;
    }

    private RotationPick Take(int level)
    {
        int index = _order[_position];
        _position++;
        _last = index;
        string artist = $"artist window {playlist.ArtistWindow.TotalMinutes:0} min";
        string title = $"title window {playlist.TitleWindow.TotalMinutes:0} min";
        string relaxed = level switch
        {
            1 => artist,
            2 when playlist.ArtistWindow > TimeSpan.Zero => $"{artist} and {title}",
            2 => title,
            _ => "",
        };
        string why = playlist.Mode switch
        {
            RotationMode.Sequential => $"{playlist.Name} in order, entry {index + 1} of {tracks.Count}",
            RotationMode.Shuffle => $"{playlist.Name} shuffled, round {_round} track {_position} of {tracks.Count}",
            _ => $"{playlist.Name} at random from {tracks.Count}",
        };
        return new RotationPick(tracks[index], why, level == 0 ? null : relaxed);
    }

    private bool Allowed(TrackInfo t, DateTimeOffset airTime, PlayHistory history, int level)
    {
        bool titleOk = level >= 2 || playlist.TitleWindow <= TimeSpan.Zero || !history.TitlePlayedSince(TitleKey(t), airTime - playlist.TitleWindow);
        bool artistOk = level >= 1 || playlist.ArtistWindow <= TimeSpan.Zero || !history.ArtistPlayedSince(t.Artist, airTime - playlist.ArtistWindow);
        return titleOk && artistOk;
    }

    /// <summary>The title a window compares: the tag title, else the file name.</summary>
    internal static string TitleKey(TrackInfo t) => t.Title ?? System.IO.Path.GetFileNameWithoutExtension(t.Path);

    private void NewRound()
    {
        _round++;
        _position = 0;
        int count = tracks.Count;
        switch (playlist.Mode)
        {
            case RotationMode.Sequential:
                // Continue after the last entry played (the order itself never changes).
                int start = (_last + 1) % count;
                _order = Enumerable.Range(0, count).Select(i => (start + i) % count).ToArray();
                break;
            case RotationMode.Shuffle:
                _order = Enumerable.Range(0, count).ToArray();
                random.Shuffle(_order);
                if (count > 1 && _order[0] == _last)
                {
                    int swap = 1 + random.Next(count - 1);
                    (_order[0], _order[swap]) = (_order[swap], _order[0]);
                }

                break;
            default:
                // Random: any track but the one just played, in a random order of preference.
                _order = Enumerable.Range(0, count).Where(i => count == 1 || i != _last).ToArray();
                random.Shuffle(_order);
                break;
        }
    }
}

using RadioServer.Playout.Library;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// The tracks of every playlist of a schedule, read once (the only I/O of the schedule; the decisions then
/// work on this snapshot). Entries whose file does not exist are left out and listed in <see cref="Missing"/>.
/// </summary>
public sealed class TrackCatalog
{
    private readonly Dictionary<string, IReadOnlyList<TrackInfo>> _tracks;

    public TrackCatalog(IReadOnlyDictionary<string, IReadOnlyList<TrackInfo>> tracks, IReadOnlyList<string>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        _tracks = new Dictionary<string, IReadOnlyList<TrackInfo>>(tracks, StringComparer.Ordinal);
        Missing = missing ?? [];
    }

    /// <summary>Playlist entries that were reported and left out, as <c>source: path does not exist</c>.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The tracks of playlist <paramref name="name"/> (empty when unknown).</summary>
    public IReadOnlyList<TrackInfo> TracksOf(string name) => _tracks.TryGetValue(name, out var t) ? t : [];

    /// <summary>Reads every playlist of <paramref name="schedule"/> and the tags of its files.</summary>
    public static TrackCatalog Load(ScheduleDefinition schedule, Func<string, IReadOnlyList<PlaylistEntry>>? read = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        read ??= PlaylistReader.Read;
        var tracks = new Dictionary<string, IReadOnlyList<TrackInfo>>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (name, playlist) in schedule.Playlists)
        {
            var list = new List<TrackInfo>();
            IReadOnlyList<PlaylistEntry> entries;
            try
            {
                entries = read(playlist.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
            {
                missing.Add($"{playlist.Path}: {e.Message}");
                entries = [];
            }

            foreach (var entry in entries)
            {
                if (File.Exists(entry.Path))
                {
                    list.Add(TagReader.Read(entry.Path, entry.ExtInfTitle));
                }
                else
                {
                    missing.Add($"{entry.Source}: {entry.Path} does not exist");
                }
            }

            tracks[name] = list;
        }

        return new TrackCatalog(tracks, missing);
    }
}

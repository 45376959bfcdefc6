using RadioServer.Playout.Library;
using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Catalogs of made-up tracks (no files), for rotation and window tests.</summary>
internal static class SyntheticLibrary
{
    /// <summary><paramref name="count"/> tracks by <paramref name="artists"/> different artists (some credits with "feat.").</summary>
    public static List<TrackInfo> Tracks(string prefix, int count, int artists) =>
        Enumerable.Range(0, count)
            .Select(i => new TrackInfo($"/lib/{prefix}/{i:000}.mp3",
                i % 7 == 3 ? $"Artist {i % artists} feat. Artist {(i + 1) % artists}" : $"Artist {i % artists}",
                $"{prefix} song {i}", null))
            .ToList();

    public static TrackCatalog Catalog(params (string Name, IReadOnlyList<TrackInfo> Tracks)[] playlists) =>
        new(playlists.ToDictionary(p => p.Name, p => p.Tracks));
}

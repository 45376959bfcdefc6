using RadioServer.Configuration;
using RadioServer.Recordings;

namespace RadioServer.Podcasts;

/// <summary>
/// Maps a request's path below <c>/podcasts/files/</c> to a recording, and nothing else: the full path must lie inside
/// the recordings folder (<c>..</c>, an absolute path, an encoded separator or a link out of it answers 404), be an
/// <c>.mp3</c> and exist, and be a finished recording in the catalog that a feed lists (not one still being recorded,
/// nor any other file that happens to be there).
/// </summary>
public static class PodcastFiles
{
    /// <summary>The finished recording at <paramref name="relative"/> that one of <paramref name="feeds"/> lists, or null.</summary>
    public static RecordingInfo? Published(RecordingCatalog catalog, IEnumerable<PodcastFeedOptions> feeds, string? relative)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(feeds);
        if (Resolve(catalog.Root, relative) is not { } file || catalog.Find(relative!) is not { Complete: true } recording)
        {
            return null;
        }

        return string.Equals(recording.FilePath, file, StringComparison.Ordinal) && feeds.Any(f => PodcastEpisodes.Matches(f, recording)) ? recording : null;
    }

    /// <summary>The file, or null when <paramref name="relative"/> does not name a recording inside <paramref name="root"/>.</summary>
    public static string? Resolve(string root, string? relative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (string.IsNullOrEmpty(relative) || relative.Contains('\0', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal)
            || Path.IsPathRooted(relative) || relative.Split('/').Any(s => s is ".." or "."))
        {
            return null;
        }

        string full = Path.GetFullPath(root);
        string candidate = Path.GetFullPath(Path.Combine(full, relative));
        if (!candidate.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !candidate.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var file = new FileInfo(candidate);
        return file.Exists && file.LinkTarget is null ? candidate : null;
    }
}

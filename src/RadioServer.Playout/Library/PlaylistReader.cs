using System.Text;

namespace RadioServer.Playout.Library;

/// <summary>
/// Reads a playlist: an M3U/M3U8 file (with optional <c>#EXTINF</c>), a folder (recursive, sorted by path), or a single MP3 file.
/// Relative entries resolve against the playlist file's folder. Entries are not checked here: a missing file
/// is reported by the player when it comes up, and never stops the station.
/// </summary>
public static class PlaylistReader
{
    private static readonly string[] AudioExtensions = [".mp3"];

    public static IReadOnlyList<PlaylistEntry> Read(string path)
    {
        if (Directory.Exists(path))
        {
            return ReadFolder(path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"playlist not found: {path}", path);
        }

        if (AudioExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            return [new PlaylistEntry(Path.GetFullPath(path), null, path)]; // a single file plays on repeat
        }

        return ReadM3u(path, File.ReadAllText(path, Encoding.UTF8));
    }

    public static IReadOnlyList<PlaylistEntry> ReadFolder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => new PlaylistEntry(Path.GetFullPath(f), null, f))
            .ToList();

    public static IReadOnlyList<PlaylistEntry> ReadM3u(string playlistPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(playlistPath)) ?? ".";
        var entries = new List<PlaylistEntry>();
        string? extInf = null;
        TimeSpan? length = null;
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("#EXTINF:", StringComparison.OrdinalIgnoreCase))
            {
                int comma = line.IndexOf(',', StringComparison.Ordinal);
                extInf = comma >= 0 ? line[(comma + 1)..].Trim() : null;
                string seconds = line["#EXTINF:".Length..(comma >= 0 ? comma : line.Length)].Split(' ')[0];
                length = double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0
                    ? TimeSpan.FromSeconds(s)
                    : null;
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            string resolved = PlaylistEntry.IsStreamUrl(line) ? line
                : line.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(line).LocalPath
                : Path.GetFullPath(Path.Combine(baseDir, line.Replace('\\', '/')));
            entries.Add(new PlaylistEntry(resolved, string.IsNullOrEmpty(extInf) ? null : extInf, $"{playlistPath}:{lineNo}", length));
            extInf = null;
            length = null;
        }

        return entries;
    }
}

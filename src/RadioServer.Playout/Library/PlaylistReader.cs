using System.Text;

namespace RadioServer.Playout.Library;

/// <summary>
/// Reads a playlist: an M3U/M3U8 file (with optional <c>#EXTINF</c>), a PLS file (<c>FileN=</c>/<c>TitleN=</c>), a folder (recursive, sorted by path), or a single MP3 file.
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

        string text = File.ReadAllText(path, Encoding.UTF8);
        return Path.GetExtension(path).Equals(".pls", StringComparison.OrdinalIgnoreCase) ? ReadPls(path, text) : ReadM3u(path, text);
    }

    /// <summary>Reads a PLS playlist (<c>[playlist]</c>, <c>File1=</c>, <c>Title1=</c>), in the order of the entry numbers.</summary>
    public static IReadOnlyList<PlaylistEntry> ReadPls(string playlistPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(playlistPath)) ?? ".";
        var files = new SortedDictionary<int, (string Path, int Line)>();
        var titles = new Dictionary<int, string>();
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.Trim().TrimStart('\uFEFF');
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (TryIndex(key, "File", out int n) && value.Length > 0)
            {
                files[n] = (value, lineNo);
            }
            else if (TryIndex(key, "Title", out n) && value.Length > 0)
            {
                titles[n] = value;
            }
        }

        return files.Select(f => new PlaylistEntry(Resolve(baseDir, f.Value.Path), titles.GetValueOrDefault(f.Key), $"{playlistPath}:{f.Value.Line}")).ToList();
    }

    private static bool TryIndex(string key, string prefix, out int index)
    {
        index = 0;
        return key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(key.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }

    private static string Resolve(string baseDir, string entry) =>
        PlaylistEntry.IsStreamUrl(entry) ? entry
        : entry.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
            ? new Uri(entry).LocalPath
            : Path.GetFullPath(Path.Combine(baseDir, entry.Replace('\\', '/')));

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

            string resolved = Resolve(baseDir, line);
            entries.Add(new PlaylistEntry(resolved, string.IsNullOrEmpty(extInf) ? null : extInf, $"{playlistPath}:{lineNo}", length));
            extInf = null;
            length = null;
        }

        return entries;
    }
}

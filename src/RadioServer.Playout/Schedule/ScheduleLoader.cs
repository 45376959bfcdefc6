using System.Globalization;
using RadioServer.Playout.Transitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// Reads and validates <c>schedule.yaml</c> in full. Every problem is collected (not just the first) as
/// <c>file:line:column: message</c>; unknown and duplicate keys are errors. Playlist paths resolve against the
/// schedule file's folder and must exist.
/// </summary>
public static partial class ScheduleLoader
{
    /// <summary>The top-level keys of schedule.yaml (the JSON Schema lists the same; a test keeps them in step).</summary>
    internal static readonly string[] TopKeys = ["time_zone", "playlists", "default_rotation", "dayparts", "overrides", "inserts", "station_id", "fallback"];

    /// <summary>Loads <paramref name="path"/>; throws <see cref="ScheduleFileException"/> listing every error.</summary>
    public static ScheduleDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ScheduleFileException($"{path}: schedule file not found");
        }

        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Parses schedule text as if read from <paramref name="path"/> (used for errors and to resolve playlists).</summary>
    public static ScheduleDefinition Parse(string path, string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            string message = e.InnerException?.Message ?? e.Message;
            throw new ScheduleFileException($"{path}:{e.Start.Line}:{e.Start.Column}: {message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet 18's scanner throws this (without a position) on e.g. an unclosed '[': point after the last good token.
            var mark = parser.Current?.End;
            throw new ScheduleFileException($"{path}:{mark?.Line ?? 1}:{mark?.Column ?? 1}: YAML syntax error after this point (an unclosed bracket or quote?)", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ScheduleFileException($"{path}:1:1: the schedule file is empty");
        }

        var r = new YamlNodeReader(path);
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var root = r.Mapping(stream.Documents[0].RootNode, "the schedule", TopKeys);
        if (root is null)
        {
            throw new ScheduleFileException(r.SortedErrors);
        }

        TimeZoneInfo? zone = null;
        if (!root.TryGetValue("time_zone", out var tz))
        {
            r.Error(stream.Documents[0].RootNode, "time_zone is required (an IANA name such as Africa/Lagos)");
        }
        else if (r.Scalar(tz.Value, "time_zone") is { } zoneId)
        {
            zone = FindZone(zoneId, tz.Value, r);
        }

        var playlists = new Dictionary<string, PlaylistDefinition>(StringComparer.Ordinal);
        var refs = new List<(string Name, YamlNode Node)>();
        if (!root.TryGetValue("playlists", out var pl))
        {
            r.Error(stream.Documents[0].RootNode, "playlists is required");
        }
        else if (r.NamedMapping(pl.Value, "playlists") is { } map)
        {
            foreach (var (name, (_, value)) in map)
            {
                if (ReadPlaylist(r, name, value, baseDir) is { } p)
                {
                    playlists[name] = p;
                }
                else if (!playlists.ContainsKey(name))
                {
                    playlists[name] = null!; // known name, invalid body: reported already; avoid "unknown playlist" noise
                }
            }
        }

        IReadOnlyList<WeightedPlaylist> defaultRotation = [];
        if (root.TryGetValue("default_rotation", out var dr))
        {
            defaultRotation = ReadRotation(r, dr.Value, "default_rotation", refs);
        }
        else
        {
            r.Error(stream.Documents[0].RootNode, "default_rotation is required (what plays outside the dayparts)");
        }

        var dayparts = root.TryGetValue("dayparts", out var dp) ? ReadDayparts(r, dp.Value, refs) : [];
        var overrides = root.TryGetValue("overrides", out var ov) ? ReadOverrides(r, ov.Value, refs) : [];
        var inserts = root.TryGetValue("inserts", out var ins) ? ReadInserts(r, ins.Value, refs) : [];
        StationIdRule? stationId = root.TryGetValue("station_id", out var sid) ? ReadStationId(r, sid.Value, refs) : null;
        string? fallback = null;
        if (root.TryGetValue("fallback", out var fb) && r.Scalar(fb.Value, "fallback") is { } f)
        {
            fallback = f;
            refs.Add((f, fb.Value));
        }

        foreach (var (name, node) in refs)
        {
            if (!playlists.ContainsKey(name))
            {
                r.Error(node, $"unknown playlist '{name}' (declared: {string.Join(", ", playlists.Keys)})");
            }
        }

        if (r.ErrorCount > 0)
        {
            throw new ScheduleFileException(r.SortedErrors);
        }

        return new ScheduleDefinition(Path.GetFullPath(path), zone!, playlists, defaultRotation, dayparts, overrides, inserts, stationId, fallback);
    }

    private static TimeZoneInfo? FindZone(string id, YamlNode node, YamlNodeReader r)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            r.Error(node, $"unknown time zone '{id}' (use an IANA name such as Africa/Lagos or Europe/London)");
            return null;
        }
    }

    /// <summary>The keys of a playlist, besides its transition keys.</summary>
    internal static readonly string[] PlaylistKeys = ["path", "rotation", "title_window_minutes", "artist_window_minutes", "items"];

    private static PlaylistDefinition? ReadPlaylist(YamlNodeReader r, string name, YamlNode node, string baseDir)
    {
        var m = r.Mapping(node, $"playlist '{name}'", [.. PlaylistKeys, .. TransitionKeys]);
        if (m is null)
        {
            return null;
        }

        string? path = null;
        if (!m.TryGetValue("path", out var p))
        {
            r.Error(node, $"playlist '{name}' needs a path (M3U/M3U8/PLS file, folder or MP3 file)");
        }
        else if (r.Scalar(p.Value, "path") is { } raw)
        {
            path = Path.GetFullPath(Path.Combine(baseDir, raw));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                r.Error(p.Value, $"playlist '{name}': {raw} does not exist");
            }
        }

        var mode = RotationMode.Sequential;
        if (m.TryGetValue("rotation", out var rot) && r.Scalar(rot.Value, "rotation") is { } text)
        {
            if (!Enum.TryParse(text, ignoreCase: true, out mode) || int.TryParse(text, CultureInfo.InvariantCulture, out _))
            {
                r.Error(rot.Value, $"rotation must be sequential, shuffle or random, not '{text}'");
            }
        }

        int title = m.TryGetValue("title_window_minutes", out var tw) ? r.Int(tw.Value, "title_window_minutes", 0, 10080) ?? 0 : 0;
        int artist = m.TryGetValue("artist_window_minutes", out var aw) ? r.Int(aw.Value, "artist_window_minutes", 0, 10080) ?? 0 : 0;
        var transition = ReadTransition(r, m);
        var items = new Dictionary<string, TransitionSettings>(StringComparer.Ordinal);
        if (m.TryGetValue("items", out var it) && r.NamedMapping(it.Value, $"playlist '{name}' items") is { } entries)
        {
            foreach (var (file, (_, value)) in entries)
            {
                if (r.Mapping(value, $"item '{file}' of playlist '{name}'", TransitionKeys) is { } itemMap)
                {
                    items[file] = ReadTransition(r, itemMap);
                }
            }
        }

        return path is null ? null : new PlaylistDefinition(name, path, mode, TimeSpan.FromMinutes(title), TimeSpan.FromMinutes(artist), transition, items);
    }

    private static List<WeightedPlaylist> ReadRotation(YamlNodeReader r, YamlNode node, string what, List<(string, YamlNode)> refs)
    {
        var result = new List<WeightedPlaylist>();
        var items = r.Sequence(node, what);
        if (items.Count == 0 && node is YamlSequenceNode)
        {
            r.Error(node, $"{what} needs at least one playlist");
        }

        foreach (var item in items)
        {
            var m = r.Mapping(item, $"an entry of {what}", "playlist", "weight");
            if (m is null)
            {
                continue;
            }

            int weight = m.TryGetValue("weight", out var w) ? r.Int(w.Value, "weight", 1, 1000) ?? 1 : 1;
            if (!m.TryGetValue("playlist", out var p))
            {
                r.Error(item, $"an entry of {what} needs a playlist");
            }
            else if (r.Scalar(p.Value, "playlist") is { } name)
            {
                refs.Add((name, p.Value));
                result.Add(new WeightedPlaylist(name, weight));
            }
        }

        return result;
    }
}

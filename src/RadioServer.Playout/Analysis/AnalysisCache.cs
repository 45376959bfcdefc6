using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadioServer.Playout.Analysis;

/// <summary>
/// Analysis results on disk, keyed by full path + size + modification time (a changed file is analysed again).
/// One JSON file in the data folder, written atomically (temporary file, then rename), and merged with what is
/// on disk at each save so that a <c>scan</c> and a running station can share the folder. Thread-safe.
/// </summary>
public sealed class AnalysisCache
{
    /// <summary>The cache file's name inside the data folder.</summary>
    public const string FileName = "analysis-cache.json";

    private readonly Dictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _dirty;

    /// <param name="folder">The data folder, created when needed; null keeps the cache in memory only.</param>
    public AnalysisCache(string? folder)
    {
        FilePath = folder is null ? null : Path.Combine(Path.GetFullPath(folder), FileName);
        foreach (var entry in ReadFile())
        {
            _entries[entry.Path] = entry;
        }
    }

    /// <summary>The cache file, or null for a memory-only cache.</summary>
    public string? FilePath { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cached result for this exact version of the file.</summary>
    public bool TryGet(FileKey key, out TrackAnalysis analysis)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key.Path, out var e) && e.Size == key.Size && e.ModifiedTicks == key.ModifiedTicks)
            {
                analysis = e.Analysis;
                return true;
            }
        }

        analysis = null!;
        return false;
    }

    public void Set(FileKey key, TrackAnalysis analysis)
    {
        lock (_lock)
        {
            _entries[key.Path] = new CacheEntry(key.Path, key.Size, key.ModifiedTicks, analysis);
            _dirty = true;
        }
    }

    /// <summary>Writes the cache if anything changed: merged with the file on disk (ours win), then renamed into place.</summary>
    public void Save()
    {
        if (FilePath is null)
        {
            return;
        }

        CacheEntry[] snapshot;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            foreach (var onDisk in ReadFile())
            {
                _entries.TryAdd(onDisk.Path, onDisk);
            }

            snapshot = [.. _entries.Values.OrderBy(static e => e.Path, StringComparer.Ordinal)];
            _dirty = false;
        }

        string temp = $"{FilePath}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, new CacheFile(1, snapshot), AnalysisCacheJson.Default.CacheFile);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a read-only folder: leave no half-written file behind, and try again at the next save.
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }

            lock (_lock)
            {
                _dirty = true;
            }

            throw;
        }
    }

    private List<CacheEntry> ReadFile()
    {
        if (FilePath is null || !File.Exists(FilePath))
        {
            return [];
        }

        try
        {
            using var stream = File.OpenRead(FilePath);
            var file = JsonSerializer.Deserialize(stream, AnalysisCacheJson.Default.CacheFile);
            return file is { Version: 1 } ? [.. file.Entries.Where(static e => e.Analysis is not null)] : [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // A corrupt or unreadable cache only costs a re-analysis; it must never stop the station.
            return [];
        }
    }

    internal sealed record CacheFile(int Version, IReadOnlyList<CacheEntry> Entries);

    internal sealed record CacheEntry(string Path, long Size, long ModifiedTicks, TrackAnalysis Analysis);
}

/// <summary>
/// The cache file's JSON, generated at build time (no reflection: the station also runs as a Native AOT program).
/// NaN and infinities are written by name: a silent file's loudness is -Infinity.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnalysisCache.CacheFile))]
internal sealed partial class AnalysisCacheJson : JsonSerializerContext;

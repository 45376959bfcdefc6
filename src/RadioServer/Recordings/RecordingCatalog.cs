using System.Text.Json;

namespace RadioServer.Recordings;

/// <summary>
/// The finished recordings, newest first, as the podcast feeds and the page read them: loaded from the sidecars at
/// start, then kept by the <see cref="RecordingWriter"/> as recordings finish and retention deletes them. Readers get an
/// immutable snapshot and never touch the disk.
/// </summary>
public sealed class RecordingCatalog
{
    private volatile RecordingInfo[] _all = [];
    private readonly Lock _lock = new();

    public RecordingCatalog(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The recordings folder (absolute).</summary>
    public string Root { get; }

    /// <summary>Every finished recording, newest first.</summary>
    public IReadOnlyList<RecordingInfo> All => _all;

    /// <summary>Adds <paramref name="info"/>, or replaces the entry of the same file.</summary>
    public void Add(RecordingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_lock)
        {
            _all = [.. _all.Where(r => r.FilePath != info.FilePath).Append(info).OrderByDescending(r => r.StartedUtc)];
        }
    }

    public void Remove(RecordingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_lock)
        {
            _all = [.. _all.Where(r => r.FilePath != info.FilePath)];
        }
    }

    /// <summary>The finished recording whose file is <paramref name="relativePath"/> (below <see cref="Root"/>, <c>/</c> separators), or null.</summary>
    public RecordingInfo? Find(string relativePath) => Array.Find(_all, r => string.Equals(r.RelativePath, relativePath, StringComparison.Ordinal));

    /// <summary>
    /// Reads every sidecar under <see cref="Root"/> (on the writer's thread, at start). A recording left incomplete by a
    /// crash is measured from its file (<paramref name="measure"/>) and its sidecar completed. A folder that cannot be
    /// listed or a recording that cannot be measured is handed to <paramref name="skipped"/> and left out: one bad item
    /// must not keep the others (nor the recordings queued behind the load) from the disk.
    /// </summary>
    internal void Load(Func<RecordingInfo, RecordingInfo> measure, Action<string, Exception> skipped)
    {
        var found = new List<RecordingInfo>();
        if (Directory.Exists(Root))
        {
            foreach (string sidecar in Sidecars(skipped))
            {
                try
                {
                    string mp3 = Path.ChangeExtension(sidecar, ".mp3");
                    if (!File.Exists(mp3) || Read(sidecar) is not { } info)
                    {
                        continue;
                    }

                    info = Locate(info, mp3);
                    info = info.Complete ? info : measure(info);
                    if (info.DurationSeconds > 0)
                    {
                        found.Add(info);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    skipped(sidecar, e);
                }
            }
        }

        lock (_lock)
        {
            _all = [.. found.OrderByDescending(r => r.StartedUtc)];
        }
    }

    /// <summary>
    /// The <c>.json</c> files under <see cref="Root"/>, folder by folder (not one recursive enumeration, which ends at the
    /// first folder it cannot read); links to folders are not followed, as the recursive enumeration did not.
    /// </summary>
    private IEnumerable<string> Sidecars(Action<string, Exception> skipped)
    {
        var folders = new Stack<DirectoryInfo>([new DirectoryInfo(Root)]);
        while (folders.TryPop(out var folder))
        {
            FileSystemInfo[] entries;
            try
            {
                entries = folder.GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped(folder.FullName, e);
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo sub)
                {
                    if (!sub.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        folders.Push(sub);
                    }
                }
                else if (entry.Name.EndsWith(".json", StringComparison.Ordinal))
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    /// <summary><paramref name="info"/> with its file's absolute and relative paths.</summary>
    internal RecordingInfo Locate(RecordingInfo info, string mp3) =>
        info with { FilePath = Path.GetFullPath(mp3), RelativePath = Path.GetRelativePath(Root, mp3).Replace(Path.DirectorySeparatorChar, '/') };

    private static RecordingInfo? Read(string sidecar)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(sidecar), RecordingInfo.JsonInfo);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null; // not ours, or half-written: the recording is left out of the feeds, never deleted by guesswork
        }
    }
}

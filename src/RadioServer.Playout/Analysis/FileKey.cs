namespace RadioServer.Playout.Analysis;

/// <summary>What identifies a version of a file for the analysis cache: full path, size and modification time.</summary>
public readonly record struct FileKey(string Path, long Size, long ModifiedTicks)
{
    /// <summary>The key of the file as it is now on disk, or null when it cannot be read.</summary>
    public static FileKey? Of(string path)
    {
        try
        {
            var info = new FileInfo(System.IO.Path.GetFullPath(path));
            return info.Exists ? new FileKey(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

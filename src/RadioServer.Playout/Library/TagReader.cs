namespace RadioServer.Playout.Library;

/// <summary>Reads artist, title and album with TagLibSharp (ID3v1, ID3v2.3/2.4, APE).</summary>
public static class TagReader
{
    /// <summary>Reads the tags of <paramref name="path"/>; a file without readable tags gets none (never throws).</summary>
    public static TrackInfo Read(string path, string? fallbackTitle = null)
    {
        try
        {
            using var file = TagLib.File.Create(path, "audio/mpeg", TagLib.ReadStyle.None);
            var tag = file.Tag;
            string? artist = Clean(tag.JoinedPerformers) ?? Clean(tag.JoinedAlbumArtists);
            return new TrackInfo(path, artist, Clean(tag.Title) ?? Clean(fallbackTitle), Clean(tag.Album));
        }
        catch (Exception e) when (e is TagLib.CorruptFileException or TagLib.UnsupportedFormatException or IOException
                                      or UnauthorizedAccessException or ArgumentException or NullReferenceException
                                      or IndexOutOfRangeException)
        {
            return new TrackInfo(path, null, Clean(fallbackTitle), null);
        }
    }

    private static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        return s.Trim().TrimEnd('\0');
    }
}

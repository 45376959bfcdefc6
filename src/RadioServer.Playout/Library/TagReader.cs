namespace RadioServer.Playout.Library;

/// <summary>Reads artist, title, album and the ReplayGain track gain with TagLibSharp (ID3v1, ID3v2.3/2.4, APE).</summary>
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

    /// <summary>
    /// The ReplayGain track gain (dB) of <paramref name="path"/>, or null when the file has no readable one (never
    /// throws). TagLibSharp reads it from an ID3v2 <c>TXXX</c> frame described <c>REPLAYGAIN_TRACK_GAIN</c> (any case)
    /// or an APE item of that name (the first tag that has one, those at the start of the file first); the value is a number with an optional "dB"
    /// (<c>-7.25 dB</c>), invariant culture. Anything else reads as NaN, which is reported here as null.
    /// </summary>
    public static double? ReadReplayGainTrackGain(string path)
    {
        try
        {
            using var file = TagLib.File.Create(path, "audio/mpeg", TagLib.ReadStyle.None);
            double gain = file.Tag.ReplayGainTrackGain;
            return double.IsNaN(gain) ? null : gain;
        }
        catch (Exception e) when (e is TagLib.CorruptFileException or TagLib.UnsupportedFormatException or IOException
                                      or UnauthorizedAccessException or ArgumentException or NullReferenceException
                                      or IndexOutOfRangeException)
        {
            return null;
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

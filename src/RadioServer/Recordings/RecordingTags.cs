using System.Globalization;

namespace RadioServer.Recordings;

/// <summary>
/// The ID3v2.4 tag a recording starts with, rendered before its first audio byte (so the file is tagged from the
/// start, and a recording cut short by a crash still is): artist (<c>TPE1</c>) the presenter, title (<c>TIT2</c>) and
/// album (<c>TALB</c>) the show, recording time (<c>TDRC</c>) in the station's zone, album artist (<c>TPE2</c>) the
/// station, and a comment saying where and when it was recorded.
/// </summary>
public static class RecordingTags
{
    /// <summary>The tag's bytes for <paramref name="info"/>.</summary>
    public static byte[] Render(RecordingInfo info, string stationName, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(info);
        var tag = new TagLib.Id3v2.Tag { Version = 4 };
        tag.Title = info.Show;
        tag.Album = info.Show;
        tag.Performers = info.Presenter.Length > 0 ? [info.Presenter] : [];
        tag.AlbumArtists = [stationName];
        tag.Genres = [info.Kind == RecordingKind.Item && info.Role is { } role ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(role) : "Radio"];
        tag.SetTextFrame("TDRC", info.StartedLocal.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        tag.Comment = string.Create(CultureInfo.InvariantCulture,
            $"Recorded from {info.Mount} on {info.StartedLocal:yyyy-MM-dd HH:mm:ss zzz} ({timeZone})");
        return tag.Render().Data;
    }
}

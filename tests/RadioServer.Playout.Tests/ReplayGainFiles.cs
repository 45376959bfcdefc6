namespace RadioServer.Playout.Tests;

/// <summary>Scratch copies of a demo MP3 carrying a ReplayGain track gain, written with TagLibSharp as taggers write it.</summary>
internal static class ReplayGainFiles
{
    /// <summary>A copy of <see cref="DemoFiles.Cbr44Stereo"/> (ID3v2.3-tagged) with no ReplayGain tag added.</summary>
    public static string Untagged()
    {
        string path = Path.Combine(DemoFiles.TempDir(), "song.mp3");
        File.Copy(DemoFiles.Cbr44Stereo, path);
        return path;
    }

    /// <summary>
    /// A copy with an ID3v2 <c>TXXX</c> frame (as foobar2000, loudgain and mp3gain's ID3 mode write it) holding
    /// <paramref name="text"/>, e.g. <c>-7.25 dB</c>.
    /// </summary>
    public static string WithId3TrackGain(string text, string description = "REPLAYGAIN_TRACK_GAIN")
    {
        string path = Untagged();
        using (var file = TagLib.File.Create(path))
        {
            var id3 = (TagLib.Id3v2.Tag)file.GetTag(TagLib.TagTypes.Id3v2, true);
            var frame = TagLib.Id3v2.UserTextInformationFrame.Get(id3, description, true);
            frame.Text = [text];
            file.Save();
        }

        return path;
    }

    /// <summary>A copy with an APEv2 tag (as mp3gain writes it by default) holding <c>REPLAYGAIN_TRACK_GAIN</c>.</summary>
    public static string WithApeTrackGain(string text)
    {
        string path = Untagged();
        using (var file = TagLib.File.Create(path))
        {
            var ape = (TagLib.Ape.Tag)file.GetTag(TagLib.TagTypes.Ape, true);
            ape.SetValue("REPLAYGAIN_TRACK_GAIN", text);
            file.Save();
        }

        return path;
    }
}

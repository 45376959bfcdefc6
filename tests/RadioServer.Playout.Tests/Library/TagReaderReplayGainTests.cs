using RadioServer.Playout.Library;

namespace RadioServer.Playout.Tests.Library;

public class TagReaderReplayGainTests
{
    [Theory]
    [InlineData("-7.25 dB", -7.25)]
    [InlineData("+3.10 dB", 3.10)]
    [InlineData("-4.5", -4.5)]
    public void ReadReplayGainTrackGain_Id3TxxxFrame_ReadsTheGain(string text, double expected)
    {
        string path = ReplayGainFiles.WithId3TrackGain(text);
        Assert.Equal(expected, TagReader.ReadReplayGainTrackGain(path)!.Value, 6);
    }

    [Fact]
    public void ReadReplayGainTrackGain_LowerCaseTxxxDescription_ReadsTheGain()
    {
        // Some taggers (loudgain -L, older foobar2000) write the description in lower case.
        string path = ReplayGainFiles.WithId3TrackGain("-2.00 dB", "replaygain_track_gain");
        Assert.Equal(-2.0, TagReader.ReadReplayGainTrackGain(path)!.Value, 6);
    }

    [Fact]
    public void ReadReplayGainTrackGain_ApeTag_ReadsTheGain()
    {
        string path = ReplayGainFiles.WithApeTrackGain("-6.40 dB");
        Assert.Equal(-6.4, TagReader.ReadReplayGainTrackGain(path)!.Value, 6);
    }

    [Fact]
    public void ReadReplayGainTrackGain_NoTag_Null()
    {
        Assert.Null(TagReader.ReadReplayGainTrackGain(ReplayGainFiles.Untagged()));
        Assert.Null(TagReader.ReadReplayGainTrackGain(Path.Combine(DemoFiles.Playlists, "music", "Lagoon Trio - Harmattan Breeze.mp3")));
    }

    [Fact]
    public void ReadReplayGainTrackGain_NotANumber_Null()
    {
        Assert.Null(TagReader.ReadReplayGainTrackGain(ReplayGainFiles.WithId3TrackGain("loud")));
    }

    [Fact]
    public void ReadReplayGainTrackGain_MissingOrNotAnMp3_NullNeverThrows()
    {
        string dir = DemoFiles.TempDir();
        string garbage = Path.Combine(dir, "garbage.mp3");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5]);
        Assert.Null(TagReader.ReadReplayGainTrackGain(garbage));
        Assert.Null(TagReader.ReadReplayGainTrackGain(Path.Combine(dir, "missing.mp3")));
    }
}

using RadioServer.Streaming.Hls;

namespace RadioServer.Streaming.Tests.Hls;

public class HlsPlaylistTests
{
    private static readonly DateTimeOffset Seven = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);

    private static List<HlsSegment> Segments(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new HlsSegment(100 + i, 90000L * 4 * i, 4, Seven + TimeSpan.FromSeconds(4 * i), 1000, false))];

    [Fact]
    public void Multivariant_ListsEveryRenditionWithBandwidthAndCodec_AndPassesTheStartOn()
    {
        var options = new HlsOptions
        {
            Renditions = [new HlsRenditionOptions { Name = "standard", Bitrate = 96 }, new HlsRenditionOptions { Name = "saver", Bitrate = 32, SampleRate = 22050, Channels = 1 }],
        };
        string text = HlsPlaylist.Multivariant(options, "?start=1765004400");
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.StartsWith("#EXT-X-STREAM-INF:BANDWIDTH=", lines[3], StringComparison.Ordinal);
        Assert.Contains("CODECS=\"mp4a.40.34\"", lines[3], StringComparison.Ordinal);
        Assert.Equal("standard.m3u8?start=1765004400", lines[4]);
        Assert.Equal("saver.m3u8?start=1765004400", lines[6]);
        Assert.Contains("AVERAGE-BANDWIDTH=3", lines[5], StringComparison.Ordinal); // 32 kbps and the transport stream's packets
    }

    [Fact]
    public void Media_FromAnIndex_HasSequenceTimesAndRelativeUris()
    {
        var segments = Segments(5);
        segments[3] = segments[3] with { Discontinuity = true };
        segments[1] = segments[1] with { Discontinuity = true };
        string text = HlsPlaylist.Media("standard", segments, 2, 7, 4, startOffset: 1.5);
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:102\n#EXT-X-DISCONTINUITY-SEQUENCE:8\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-START:TIME-OFFSET=1.5,PRECISE=YES\n" +
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-06T07:00:08.000Z\n#EXTINF:4.000000,\nstandard/00000102.ts\n" +
            "#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-06T07:00:12.000Z\n#EXTINF:4.000000,\nstandard/00000103.ts\n" +
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-06T07:00:16.000Z\n#EXTINF:4.000000,\nstandard/00000104.ts\n",
            text);
    }

    [Fact]
    public void Media_StartingOnADiscontinuity_KeepsItsTag()
    {
        var segments = Segments(3);
        segments[1] = segments[1] with { Discontinuity = true };
        string text = HlsPlaylist.Media("standard", segments, 1, 4, 4);
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:4\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-06T07:00:04.000Z\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(5.5, 1, 1.5)]
    [InlineData(19.9, 4, 3.9)]
    [InlineData(30, 4, 4)]
    public void Find_TheSegmentOnTheAirAtAnInstant(double secondsAfterSeven, int index, double offset)
    {
        var (i, o) = HlsPlaylist.Find(Segments(5), Seven + TimeSpan.FromSeconds(secondsAfterSeven));
        Assert.Equal(index, i);
        Assert.Equal(offset, o, 6);
    }

    [Theory]
    [InlineData("-180", "2026-12-06T06:57:00Z")]
    [InlineData("1796540400", "2026-12-06T07:00:00Z")]
    [InlineData("1796540400.5", "2026-12-06T07:00:00.5Z")]
    [InlineData("2026-12-06T08:00:00+01:00", "2026-12-06T07:00:00Z")]
    [InlineData("2026-12-06T07:00:00Z", "2026-12-06T07:00:00Z")]
    [InlineData("2026-12-06T08:00:00 01:00", "2026-12-06T07:00:00Z")] // an unescaped '+' in a query arrives as a space
    public void TryParseStart_IsoUnixOrSecondsAgo(string text, string expected)
    {
        Assert.True(HlsPlaylist.TryParseStart(text, Seven, out var instant));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("NaN")]
    [InlineData("1e300")]
    public void TryParseStart_Nonsense_IsRefused(string text) => Assert.False(HlsPlaylist.TryParseStart(text, Seven, out _));
}

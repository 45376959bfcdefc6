using System.Buffers.Binary;
using System.Text;
using RadioServer.Streaming.Opus;

namespace RadioServer.Streaming.Tests.Opus;

public class OpusHeadersTests
{
    [Fact]
    public void Head_Stereo_Rfc7845IdentificationHeaderLayout()
    {
        byte[] head = OpusHeaders.Head(2, 312, 44100);

        Assert.Equal(19, head.Length); // mapping family 0 has no channel mapping table
        Assert.Equal("OpusHead"u8.ToArray(), head[..8]);
        Assert.Equal(1, head[8]); // version
        Assert.Equal(2, head[9]); // output channel count
        Assert.Equal(312, BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10)));
        Assert.Equal(44100u, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12))); // original input rate, informational
        Assert.Equal(0, BinaryPrimitives.ReadInt16LittleEndian(head.AsSpan(16))); // output gain
        Assert.Equal(0, head[18]); // channel mapping family
    }

    [Theory]
    [InlineData(1, 0, 48000)]
    [InlineData(2, 65535, 8000)]
    public void Head_Values_RoundTripLittleEndian(int channels, int preSkip, int rate)
    {
        byte[] head = OpusHeaders.Head(channels, preSkip, rate);
        Assert.Equal(channels, head[9]);
        Assert.Equal(preSkip, BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10)));
        Assert.Equal((uint)rate, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)));
    }

    [Fact]
    public void Tags_ArtistAndTitle_VendorThenTwoCommentsLengthPrefixed()
    {
        var (vendor, comments, length) = ParseTags(OpusHeaders.Tags("Artist", "Song"));
        Assert.Equal(OpusHeaders.Vendor, vendor);
        Assert.Equal(["ARTIST=Artist", "TITLE=Song"], comments);
        Assert.Equal(8 + 4 + Encoding.UTF8.GetByteCount(OpusHeaders.Vendor) + 4 + (4 + 13) + (4 + 10), length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Tags_NoArtist_TitleOnly(string? artist)
    {
        var (_, comments, _) = ParseTags(OpusHeaders.Tags(artist, "Only"));
        Assert.Equal(["TITLE=Only"], comments);
    }

    [Fact]
    public void Tags_NonAsciiTitle_EncodedAsUtf8WithByteLengths()
    {
        const string title = "Café – Ünïcødé ♫ 東京";
        byte[] tags = OpusHeaders.Tags("Björk", title);
        var (_, comments, _) = ParseTags(tags);
        Assert.Equal(["ARTIST=Björk", "TITLE=" + title], comments);
        // The length field counts bytes, not characters.
        int titleField = tags.Length - Encoding.UTF8.GetByteCount("TITLE=" + title) - 4;
        Assert.Equal(Encoding.UTF8.GetByteCount("TITLE=" + title), BinaryPrimitives.ReadInt32LittleEndian(tags.AsSpan(titleField)));
    }

    [Fact]
    public void Tags_EmptyTitle_StillOneComment()
    {
        var (_, comments, _) = ParseTags(OpusHeaders.Tags(null, string.Empty));
        Assert.Equal(["TITLE="], comments);
    }

    /// <summary>Reads an OpusTags packet per RFC 7845 §5.2, asserting nothing trails the last comment.</summary>
    internal static (string Vendor, List<string> Comments, int Length) ParseTags(byte[] tags)
    {
        Assert.Equal("OpusTags"u8.ToArray(), tags[..8]);
        int pos = 8;
        int vendorLength = BinaryPrimitives.ReadInt32LittleEndian(tags.AsSpan(pos));
        string vendor = Encoding.UTF8.GetString(tags, pos + 4, vendorLength);
        pos += 4 + vendorLength;
        int count = BinaryPrimitives.ReadInt32LittleEndian(tags.AsSpan(pos));
        pos += 4;
        var comments = new List<string>();
        for (int i = 0; i < count; i++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(tags.AsSpan(pos));
            comments.Add(Encoding.UTF8.GetString(tags, pos + 4, length));
            pos += 4 + length;
        }

        Assert.Equal(tags.Length, pos);
        return (vendor, comments, tags.Length);
    }
}

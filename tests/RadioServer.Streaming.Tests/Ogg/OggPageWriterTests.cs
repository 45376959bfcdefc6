using RadioServer.Streaming.Ogg;

namespace RadioServer.Streaming.Tests.Ogg;

public class OggPageWriterTests
{
    [Fact]
    public void Page_OnePacket_HeaderFieldsAreAtTheirRfc3533Offsets()
    {
        var writer = new OggPageWriter(0x12345678);
        byte[] page = writer.Page([new byte[] { 1, 2, 3 }], 0x0102030405060708);

        Assert.Equal("OggS"u8.ToArray(), page[..4]);
        Assert.Equal(0, page[4]); // stream structure version
        Assert.Equal(0, page[5]); // no flags
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, page[6..14]); // granule, little-endian
        Assert.Equal(new byte[] { 0x78, 0x56, 0x34, 0x12 }, page[14..18]); // serial
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, page[18..22]); // first sequence number
        Assert.Equal(1, page[26]); // one lacing value
        Assert.Equal(3, page[27]);
        Assert.Equal(new byte[] { 1, 2, 3 }, page[28..]);
        Assert.Equal(27 + 1 + 3, page.Length);
    }

    [Fact]
    public void Page_AnyContent_CrcMatchesAnIndependentBitwiseComputation()
    {
        var writer = new OggPageWriter(42);
        var random = new Random(7);
        foreach (int size in new[] { 0, 1, 254, 255, 256, 1000, 4000 })
        {
            byte[] packet = new byte[size];
            random.NextBytes(packet);
            byte[] page = writer.Page([packet], size * 3L, bos: size == 0);
            var parsed = OggPageParser.Parse(page, 0);
            Assert.Equal(parsed.ComputedCrc, parsed.StoredCrc);
            Assert.Equal(OggPageWriter.Crc(Zeroed(page)), parsed.StoredCrc);
        }
    }

    [Fact]
    public void Crc_KnownInput_MatchesTheBitwiseReference()
    {
        byte[] data = "123456789"u8.ToArray();
        // Ogg's CRC is the catalogued CRC-32/CKSUM (poly 0x04C11DB7, init 0, unreflected) without its final
        // xor: CKSUM's check value 0x765E7680 ^ 0xFFFFFFFF = 0x89A1897F. Also computed here bit by bit.
        uint bitwise = 0;
        foreach (byte b in data)
        {
            bitwise ^= (uint)b << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                bitwise = (bitwise & 0x80000000) != 0 ? (bitwise << 1) ^ 0x04C11DB7 : bitwise << 1;
            }
        }

        Assert.Equal(bitwise, OggPageWriter.Crc(data));
        Assert.Equal(0x89A1897Fu, OggPageWriter.Crc(data));
    }

    [Theory]
    [InlineData(0, new byte[] { 0 })]
    [InlineData(1, new byte[] { 1 })]
    [InlineData(254, new byte[] { 254 })]
    [InlineData(255, new byte[] { 255, 0 })] // a multiple of 255 ends with a zero lacing value
    [InlineData(256, new byte[] { 255, 1 })]
    [InlineData(510, new byte[] { 255, 255, 0 })]
    [InlineData(600, new byte[] { 255, 255, 90 })]
    public void Page_PacketOfSize_LacingValuesSumToItAndEndBelow255(int size, byte[] lacing)
    {
        var writer = new OggPageWriter(1);
        byte[] packet = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        var parsed = OggPageParser.Parse(writer.Page([packet], 0), 0);
        Assert.Equal(lacing, parsed.Lacing);
        Assert.Equal(packet, Assert.Single(parsed.Packets));
    }

    [Fact]
    public void Page_LargePacket_LacedIntoFullSegmentsPlusRemainder()
    {
        var writer = new OggPageWriter(1);
        byte[] packet = new byte[(255 * 40) + 17];
        new Random(3).NextBytes(packet);
        var parsed = OggPageParser.Parse(writer.Page([packet], 0), 0);
        Assert.Equal(41, parsed.Lacing.Length);
        Assert.All(parsed.Lacing[..40], l => Assert.Equal(255, l));
        Assert.Equal(17, parsed.Lacing[40]);
        Assert.Equal(packet, Assert.Single(parsed.Packets));
        Assert.Equal(parsed.ComputedCrc, parsed.StoredCrc);
    }

    [Fact]
    public void Page_SeveralPackets_EachComesBackWhole()
    {
        var writer = new OggPageWriter(1);
        byte[][] packets = [[], [9], new byte[255], new byte[256], [1, 2, 3]];
        var parsed = OggPageParser.Parse(writer.Page([.. packets.Select(p => (ReadOnlyMemory<byte>)p)], 0), 0);
        Assert.Equal(5, parsed.Packets.Count);
        for (int i = 0; i < packets.Length; i++)
        {
            Assert.Equal(packets[i], parsed.Packets[i]);
        }
    }

    [Fact]
    public void Page_MoreThan255LacingValues_Throws()
    {
        var writer = new OggPageWriter(1);
        Assert.Throws<ArgumentException>(() => writer.Page([new byte[255 * 255]], 0)); // 256 lacing values
        writer.Page([new byte[(255 * 254) + 254]], 0); // exactly 255: fits
    }

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(true, false, 2)]
    [InlineData(false, true, 4)]
    [InlineData(true, true, 6)]
    public void Page_BosEos_SetTheHeaderTypeFlags(bool bos, bool eos, byte flags)
    {
        var writer = new OggPageWriter(1);
        var parsed = OggPageParser.Parse(writer.Page([new byte[3]], 0, bos, eos), 0);
        Assert.Equal(flags, parsed.Flags);
        Assert.False(parsed.Continued);
    }

    [Fact]
    public void Page_Successive_SequenceNumbersCountFromZeroAndGranuleIsAsGiven()
    {
        var writer = new OggPageWriter(-5);
        var pages = Enumerable.Range(0, 4).Select(i => OggPageParser.Parse(writer.Page([new byte[1]], i * 960L), 0)).ToList();
        Assert.Equal([0u, 1u, 2u, 3u], pages.Select(p => p.Sequence));
        Assert.Equal([0L, 960L, 1920L, 2880L], pages.Select(p => p.Granule));
        Assert.All(pages, p => Assert.Equal(-5, p.Serial));
        Assert.Equal(-5, writer.Serial);
    }

    [Fact]
    public void Page_NegativeGranule_WrittenAsTwosComplement()
    {
        // -1 means "no packet finishes on this page" (RFC 3533 §6).
        var parsed = OggPageParser.Parse(new OggPageWriter(1).Page([new byte[1]], -1), 0);
        Assert.Equal(-1, parsed.Granule);
    }

    [Fact]
    public void Write_InPlace_SameBytesAsPageAndReturnsPageSize()
    {
        byte[][] packets = [new byte[300], [1, 2], []];
        new Random(5).NextBytes(packets[0]);
        byte[] expected = new OggPageWriter(9).Page([.. packets.Select(p => (ReadOnlyMemory<byte>)p)], 1234, bos: true);

        var destination = new byte[expected.Length + 10];
        destination.AsSpan().Fill(0xAA); // a dirty scratch buffer: the CRC field must still be computed as zero
        int[] lengths = [.. packets.Select(p => p.Length)];
        Assert.Equal(expected.Length, OggPageWriter.PageSize(lengths));
        int written = new OggPageWriter(9).Write(destination, packets.SelectMany(p => p).ToArray(), lengths, 1234, bos: true);
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, destination[..written]);
        Assert.All(destination[written..], b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Write_DestinationTooSmallOrLengthsWrong_ThrowsAndKeepsTheSequence()
    {
        var writer = new OggPageWriter(1);
        Assert.Throws<ArgumentException>(() => writer.Write(new byte[30], new byte[10], [10], 0));
        Assert.Throws<ArgumentException>(() => writer.Write(new byte[100], new byte[10], [9], 0));
        var page = new byte[100];
        writer.Write(page, new byte[10], [10], 0);
        Assert.Equal(0u, OggPageParser.Parse(page, 0).Sequence);
    }

    private static byte[] Zeroed(byte[] page)
    {
        byte[] copy = (byte[])page.Clone();
        copy.AsSpan(22, 4).Clear();
        return copy;
    }
}

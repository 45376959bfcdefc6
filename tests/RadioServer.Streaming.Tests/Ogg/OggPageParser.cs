using System.Buffers.Binary;

namespace RadioServer.Streaming.Tests.Ogg;

/// <summary>One parsed Ogg page (RFC 3533 §6), with its packets cut by the lacing table.</summary>
internal sealed record ParsedPage(
    byte Version, byte Flags, long Granule, int Serial, uint Sequence, uint StoredCrc, uint ComputedCrc, byte[] Lacing, List<byte[]> Packets, int Offset, int Length)
{
    public bool Bos => (Flags & 0x02) != 0;

    public bool Eos => (Flags & 0x04) != 0;

    public bool Continued => (Flags & 0x01) != 0;
}

/// <summary>
/// A deliberately independent Ogg reader for the tests: its CRC is computed bit by bit (no table, no shared
/// code with <c>OggCrc</c>), so a wrong table or a wrong CRC field offset in the writer cannot hide.
/// </summary>
internal static class OggPageParser
{
    public static List<ParsedPage> ParseAll(byte[] data)
    {
        var pages = new List<ParsedPage>();
        int pos = 0;
        while (pos < data.Length)
        {
            var page = Parse(data, pos);
            pages.Add(page);
            pos += page.Length;
        }

        return pages;
    }

    public static ParsedPage Parse(byte[] data, int offset)
    {
        var span = data.AsSpan(offset);
        Assert.True(span.Length >= 27, $"truncated page header at {offset}");
        Assert.True(span[..4].SequenceEqual("OggS"u8), $"no capture pattern at {offset}");
        int segments = span[26];
        byte[] lacing = span.Slice(27, segments).ToArray();
        int bodyLength = lacing.Sum(l => l);
        int length = 27 + segments + bodyLength;
        Assert.True(span.Length >= length, $"truncated page body at {offset}");
        var packets = new List<byte[]>();
        var current = new List<byte>();
        int body = 27 + segments;
        foreach (byte l in lacing)
        {
            current.AddRange(span.Slice(body, l).ToArray());
            body += l;
            if (l < 255)
            {
                packets.Add([.. current]);
                current.Clear();
            }
        }

        Assert.Empty(current); // the writer only writes whole packets: no packet continues on a next page
        return new ParsedPage(
            span[4],
            span[5],
            BinaryPrimitives.ReadInt64LittleEndian(span[6..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[18..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[22..]),
            BitwiseCrc(span[..length]),
            lacing,
            packets,
            offset,
            length);
    }

    /// <summary>CRC-32, polynomial 0x04C11DB7, MSB first, initial 0, no final xor, over the page with the CRC field read as zero.</summary>
    public static uint BitwiseCrc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (int i = 0; i < page.Length; i++)
        {
            byte b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc ^= (uint)b << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}

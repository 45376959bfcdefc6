using System.Buffers.Binary;
using RadioServer.Playout.Formats;

namespace RadioServer.Streaming.Ogg;

/// <summary>
/// Builds Ogg pages (RFC 3533) for one logical stream. Written by hand: no maintained Ogg writer package is
/// available for .NET here, and a page is a 27-byte header, a lacing table and a CRC (see platform-notes).
/// Pages always hold whole packets (no packet continues on the next page).
/// </summary>
public sealed class OggPageWriter(int serial)
{
    /// <summary>Most lacing values one page can hold (its segment count is one byte).</summary>
    public const int MaxSegments = 255;

    private const int HeaderSize = 27;
    private const byte FlagBos = 0x02;
    private const byte FlagEos = 0x04;
    private uint _sequence;

    public int Serial { get; } = serial;

    /// <summary>Builds one page holding whole <paramref name="packets"/> (at most 255 lacing values in all) in a new array.</summary>
    /// <remarks>For the rare pages (stream headers); the steady-state audio path writes in place with <see cref="Write"/>.</remarks>
    public byte[] Page(IReadOnlyList<ReadOnlyMemory<byte>> packets, long granule, bool bos = false, bool eos = false)
    {
        ArgumentNullException.ThrowIfNull(packets);
        if (packets.Count > MaxSegments)
        {
            throw new ArgumentException("too many packets for one Ogg page", nameof(packets));
        }

        Span<int> lengths = stackalloc int[packets.Count];
        int body = 0;
        for (int i = 0; i < packets.Count; i++)
        {
            lengths[i] = packets[i].Length;
            body += lengths[i];
        }

        byte[] data = new byte[body];
        int at = 0;
        for (int i = 0; i < packets.Count; i++)
        {
            packets[i].Span.CopyTo(data.AsSpan(at));
            at += lengths[i];
        }

        var page = new byte[PageSize(lengths)];
        Write(page, data, lengths, granule, bos, eos);
        return page;
    }

    /// <summary>Lacing values a packet of <paramref name="length"/> bytes takes (a multiple of 255 ends with a 0).</summary>
    public static int Segments(int length) => (length / 255) + 1;

    /// <summary>Bytes of the page that would hold packets of these lengths; throws if they need more than 255 lacing values.</summary>
    public static int PageSize(ReadOnlySpan<int> packetLengths)
    {
        var (segments, body) = Measure(packetLengths);
        return HeaderSize + segments + body;
    }

    /// <summary>
    /// Writes one page into <paramref name="destination"/> without allocating: the packets are
    /// <paramref name="packetData"/> cut at <paramref name="packetLengths"/>. Returns the page's size
    /// (<see cref="PageSize"/>); the stream's sequence number advances only when the page is written.
    /// </summary>
    public int Write(Span<byte> destination, ReadOnlySpan<byte> packetData, ReadOnlySpan<int> packetLengths, long granule, bool bos = false, bool eos = false)
    {
        var (segments, body) = Measure(packetLengths);
        if (body != packetData.Length)
        {
            throw new ArgumentException("the packet lengths do not add up to the data", nameof(packetLengths));
        }

        int size = HeaderSize + segments + body;
        if (size > destination.Length)
        {
            throw new ArgumentException("the page does not fit", nameof(destination));
        }

        var page = destination[..size];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // version
        page[5] = (byte)((bos ? FlagBos : 0) | (eos ? FlagEos : 0));
        BinaryPrimitives.WriteInt64LittleEndian(page[6..], granule);
        BinaryPrimitives.WriteInt32LittleEndian(page[14..], Serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page[18..], _sequence);
        page.Slice(22, 4).Clear(); // the CRC is computed over the page with this field zero
        page[26] = (byte)segments;
        int lace = HeaderSize;
        foreach (int length in packetLengths)
        {
            int left = length;
            while (left >= 255)
            {
                page[lace++] = 255;
                left -= 255;
            }

            page[lace++] = (byte)left;
        }

        packetData.CopyTo(page[lace..]);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], Crc(page));
        _sequence++;
        return size;
    }

    private static (int Segments, int Body) Measure(ReadOnlySpan<int> packetLengths)
    {
        int segments = 0;
        int body = 0;
        foreach (int length in packetLengths)
        {
            segments += Segments(length);
            body += length;
        }

        if (segments > MaxSegments)
        {
            throw new ArgumentException("too many packets for one Ogg page", nameof(packetLengths));
        }

        return (segments, body);
    }

    /// <summary>Ogg's CRC-32 of a page (<see cref="OggCrc.Compute"/>).</summary>
    public static uint Crc(ReadOnlySpan<byte> page) => OggCrc.Compute(page);
}

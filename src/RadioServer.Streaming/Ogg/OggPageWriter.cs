using System.Buffers.Binary;
using RadioServer.Playout.Audio;

namespace RadioServer.Streaming.Ogg;

/// <summary>
/// Builds Ogg pages (RFC 3533) for one logical stream. Written by hand: no maintained Ogg writer package is
/// available for .NET here, and a page is a 27-byte header, a lacing table and a CRC (see platform-notes).
/// </summary>
public sealed class OggPageWriter(int serial)
{
    private const byte FlagBos = 0x02;
    private const byte FlagEos = 0x04;
    private uint _sequence;

    public int Serial { get; } = serial;

    /// <summary>Builds one page holding whole <paramref name="packets"/> (at most 255 lacing values in all).</summary>
    public byte[] Page(IReadOnlyList<ReadOnlyMemory<byte>> packets, long granule, bool bos = false, bool eos = false)
    {
        ArgumentNullException.ThrowIfNull(packets);
        int segments = 0;
        int body = 0;
        foreach (var p in packets)
        {
            segments += (p.Length / 255) + 1;
            body += p.Length;
        }

        if (segments > 255)
        {
            throw new ArgumentException("too many packets for one Ogg page", nameof(packets));
        }

        var page = new byte[27 + segments + body];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // version
        page[5] = (byte)((bos ? FlagBos : 0) | (eos ? FlagEos : 0));
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(14), Serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), _sequence++);
        page[26] = (byte)segments;
        int lace = 27;
        int data = 27 + segments;
        foreach (var p in packets)
        {
            int left = p.Length;
            while (left >= 255)
            {
                page[lace++] = 255;
                left -= 255;
            }

            page[lace++] = (byte)left;
            p.Span.CopyTo(page.AsSpan(data));
            data += p.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), Crc(page));
        return page;
    }

    /// <summary>Ogg's CRC-32 of a page (<see cref="OggCrc.Compute"/>).</summary>
    public static uint Crc(ReadOnlySpan<byte> page) => OggCrc.Compute(page);
}

using System.Buffers.Binary;

namespace RadioServer.Playout.Formats;

/// <summary>
/// Cuts a pushed Ogg byte stream (RFC 3533) into packets, page by page, checking each page's CRC. Written by hand:
/// the Ogg readers available for .NET pull from a (seekable) stream, while a source connection pushes bytes as they
/// arrive; a page is a 27-byte header, a lacing table and a CRC. Chained streams (a new BOS page, e.g. a new song
/// from the source client) are reported with <c>beginsStream</c>.
/// <para>
/// Bounded for input from strangers: the bytes held are at most two pages (2 × 65,307 bytes); resync after
/// junk moves an offset rather than copying; a packet that continues over pages is refused past
/// <see cref="MaxPacketBytes"/>; more than <see cref="MaxJunkBytes"/> without a valid page, or page-like junk whose
/// CRC checks cost more than <see cref="MaxFailedCheckBytes"/> since the last valid page, is refused. Each refusal is an
/// <see cref="InvalidDataException"/> with the reason.
/// </para>
/// </summary>
internal sealed class OggPacketReader
{
    /// <summary>The longest packet accepted (Opus audio packets are under 8 KB; OpusTags with cover art can be large).</summary>
    public const int MaxPacketBytes = 1024 * 1024;

    /// <summary>Bytes that are not part of a valid page accepted in a row.</summary>
    public const int MaxJunkBytes = 64 * 1024;

    /// <summary>Bytes of failed CRC checks accepted in a row: page-like junk is cheap to send and costly to check.</summary>
    public const int MaxFailedCheckBytes = 4 * 1024 * 1024;

    private const int MaxPageBytes = 27 + 255 + (255 * 255);
    private static readonly byte[] ZeroCrc = new byte[4];
    private byte[] _buffer = new byte[16 * 1024]; // grows to two pages at most, as the pages sent need
    private byte[] _packet = new byte[4096];
    private int _packetLength;
    private int _start;
    private int _end;
    private int _serial = -1;
    private long _junkInARow;
    private long _failedChecksInARow;

    /// <summary>Bytes skipped because they were not part of a valid page (resynchronising).</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Valid pages read.</summary>
    public long Pages { get; private set; }

    /// <summary>Called with each complete packet; the span is valid only during the call.</summary>
    /// <param name="packet">The packet's bytes.</param>
    /// <param name="beginsStream">It is the first packet of a logical stream (a BOS page, or a new serial).</param>
    /// <param name="endGranule">For the last packet completed on a page that ends its stream (EOS): the page's granule position; else -1.</param>
    public delegate void OggPacketHandler(ReadOnlySpan<byte> packet, bool beginsStream, long endGranule);

    /// <summary>Feeds bytes; calls <paramref name="onPacket"/> with each complete packet.</summary>
    public void Push(ReadOnlySpan<byte> data, OggPacketHandler onPacket)
    {
        while (!data.IsEmpty)
        {
            if (_start > 0)
            {
                // What is left is less than one page: moving it to the front is cheap and keeps room for a whole page.
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_buffer.Length - _end < data.Length && _buffer.Length < 2 * MaxPageBytes)
            {
                Array.Resize(ref _buffer, Math.Min(2 * MaxPageBytes, Math.Max(_buffer.Length * 2, _end + data.Length)));
            }

            int take = Math.Min(data.Length, _buffer.Length - _end);
            data[..take].CopyTo(_buffer.AsSpan(_end));
            _end += take;
            data = data[take..];
            while (TryTakePage(onPacket))
            {
            }

            if (_junkInARow > MaxJunkBytes)
            {
                throw new InvalidDataException($"{_junkInARow} bytes that are not Ogg pages");
            }

            if (_failedChecksInARow > MaxFailedCheckBytes)
            {
                throw new InvalidDataException("junk that imitates Ogg pages (every page failed its CRC)");
            }
        }
    }

    private bool TryTakePage(OggPacketHandler onPacket)
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        int capture = pending.IndexOf("OggS"u8);
        if (capture < 0)
        {
            Discard(Math.Max(0, pending.Length - 3)); // the last 3 bytes may be the start of "OggS"
            return false;
        }

        Discard(capture);
        pending = pending[capture..];
        if (pending.Length < 27)
        {
            return false;
        }

        if (pending[4] != 0 || (pending[5] & ~0x07) != 0)
        {
            Discard(1); // not version 0, or flags no page has: not a page
            return true;
        }

        int segments = pending[26];
        if (pending.Length < 27 + segments)
        {
            return false;
        }

        var lacing = pending.Slice(27, segments);
        int body = 0;
        foreach (byte size in lacing)
        {
            body += size;
        }

        int length = 27 + segments + body;
        if (pending.Length < length)
        {
            return false;
        }

        var page = pending[..length];
        uint crc = OggCrc.Update(OggCrc.Update(OggCrc.Update(0, page[..22]), ZeroCrc), page[26..]);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(page[22..]))
        {
            _failedChecksInARow += length;
            Discard(1); // not a page after all (or a damaged one): look for the next capture pattern
            return true;
        }

        _start += length;
        Pages++;
        _junkInARow = 0;
        _failedChecksInARow = 0;
        ReadPackets(page, lacing, onPacket);
        return true;
    }

    private void ReadPackets(ReadOnlySpan<byte> page, ReadOnlySpan<byte> lacing, OggPacketHandler onPacket)
    {
        byte flags = page[5];
        int serial = BinaryPrimitives.ReadInt32LittleEndian(page[14..]);
        bool begins = (flags & 0x02) != 0 || serial != _serial;
        if (begins || (flags & 0x01) == 0)
        {
            _packetLength = 0; // a new stream, or a page that does not continue the last packet
        }

        _serial = serial;
        int lastComplete = lacing.LastIndexOfAnyExcept((byte)255);
        long granule = BinaryPrimitives.ReadInt64LittleEndian(page[6..]);
        bool eos = (flags & 0x04) != 0;
        bool first = begins;
        int at = 27 + lacing.Length;
        for (int i = 0; i < lacing.Length; i++)
        {
            int size = lacing[i];
            Append(page.Slice(at, size));
            at += size;
            if (size < 255)
            {
                onPacket(_packet.AsSpan(0, _packetLength), first, eos && i == lastComplete ? granule : -1);
                first = false;
                _packetLength = 0;
            }
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        int length = _packetLength + bytes.Length;
        if (length > MaxPacketBytes)
        {
            throw new InvalidDataException($"an Ogg packet longer than {MaxPacketBytes / 1024} KB (pages that continue it without end)");
        }

        if (length > _packet.Length)
        {
            Array.Resize(ref _packet, Math.Min(MaxPacketBytes, Math.Max(length, _packet.Length * 2)));
        }

        bytes.CopyTo(_packet.AsSpan(_packetLength));
        _packetLength = length;
    }

    private void Discard(int count)
    {
        if (count > 0)
        {
            _start += count;
            BytesDiscarded += count;
            _junkInARow += count;
        }
    }
}

using System.Buffers.Binary;

namespace RadioServer.Playout.Formats;

/// <summary>
/// Cuts a pushed Ogg byte stream (RFC 3533) into packets, page by page, checking each page's CRC. Written by hand:
/// the Ogg readers available for .NET pull from a (seekable) stream, while a source connection pushes bytes as they
/// arrive; a page is a 27-byte header, a lacing table and a CRC. Chained streams (a new BOS page, e.g. a new song
/// from the source client) are reported with <c>beginsStream</c>.
/// </summary>
internal sealed class OggPacketReader
{
    private const int MaxJunkBytes = 64 * 1024;
    private readonly List<byte> _pending = [];
    private readonly List<byte> _packet = [];
    private int _serial = -1;

    /// <summary>Bytes skipped because they were not part of a valid page (resynchronising).</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Valid pages read.</summary>
    public long Pages { get; private set; }

    /// <summary>Called with each complete packet.</summary>
    /// <param name="packet">The packet's bytes.</param>
    /// <param name="beginsStream">It is the first packet of a logical stream (a BOS page, or a new serial).</param>
    /// <param name="endGranule">For the last packet completed on a page that ends its stream (EOS): the page's granule position; else -1.</param>
    public delegate void OggPacketHandler(ReadOnlySpan<byte> packet, bool beginsStream, long endGranule);

    /// <summary>Feeds bytes; calls <paramref name="onPacket"/> with each complete packet.</summary>
    public void Push(ReadOnlySpan<byte> data, OggPacketHandler onPacket)
    {
        _pending.AddRange(data);

        while (TryTakePage(onPacket))
        {
        }

        if (BytesDiscarded > MaxJunkBytes && Pages == 0)
        {
            throw new InvalidDataException($"{BytesDiscarded} bytes without an Ogg page");
        }
    }

    private bool TryTakePage(OggPacketHandler onPacket)
    {
        int start = FindCapture();
        if (start < 0)
        {
            // Keep the last 3 bytes: they may be the start of "OggS".
            int drop = Math.Max(0, _pending.Count - 3);
            Discard(drop);
            return false;
        }

        Discard(start);
        if (_pending.Count < 27)
        {
            return false;
        }

        int segments = _pending[26];
        if (_pending.Count < 27 + segments)
        {
            return false;
        }

        int body = 0;
        for (int i = 0; i < segments; i++)
        {
            body += _pending[27 + i];
        }

        int length = 27 + segments + body;
        if (_pending.Count < length)
        {
            return false;
        }

        byte[] page = [.. _pending.GetRange(0, length)];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(22));
        page.AsSpan(22, 4).Clear();
        if (page[4] != 0 || OggCrc.Compute(page) != stored)
        {
            Discard(1); // not a page after all (or a damaged one): look for the next capture pattern
            return true;
        }

        _pending.RemoveRange(0, length);
        Pages++;
        byte flags = page[5];
        int serial = BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(14));
        bool begins = (flags & 0x02) != 0 || serial != _serial;
        if (begins || (flags & 0x01) == 0)
        {
            _packet.Clear(); // a new stream, or a page that does not continue the last packet
        }

        _serial = serial;
        int at = 27 + segments;
        bool first = begins;
        int lastComplete = -1;
        for (int i = 0; i < segments; i++)
        {
            if (page[27 + i] < 255)
            {
                lastComplete = i;
            }
        }

        long granule = BinaryPrimitives.ReadInt64LittleEndian(page.AsSpan(6));
        bool eos = (flags & 0x04) != 0;
        for (int i = 0; i < segments; i++)
        {
            int size = page[27 + i];
            _packet.AddRange(page.AsSpan(at, size));
            at += size;
            if (size < 255)
            {
                onPacket([.. _packet], first, eos && i == lastComplete ? granule : -1);
                first = false;
                _packet.Clear();
            }
        }

        return true;
    }

    private int FindCapture()
    {
        for (int i = 0; i + 3 < _pending.Count; i++)
        {
            if (_pending[i] == 'O' && _pending[i + 1] == 'g' && _pending[i + 2] == 'g' && _pending[i + 3] == 'S')
            {
                return i;
            }
        }

        return -1;
    }

    private void Discard(int count)
    {
        if (count > 0)
        {
            _pending.RemoveRange(0, count);
            BytesDiscarded += count;
        }
    }
}

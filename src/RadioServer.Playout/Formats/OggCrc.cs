namespace RadioServer.Playout.Formats;

/// <summary>Ogg's CRC-32 (RFC 3533): polynomial 0x04C11DB7, not reflected, initial value 0, over the page with a zeroed CRC field.</summary>
public static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> page) => Update(0, page);

    /// <summary>Continues <paramref name="crc"/> over <paramref name="data"/> (a page checked in parts, without copying it).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = (crc << 8) ^ Table[(byte)(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint r = i << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}

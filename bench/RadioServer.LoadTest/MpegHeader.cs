namespace RadioServer.LoadTest;

/// <summary>MPEG-1, MPEG-2 and MPEG-2.5 Layer III frame headers: is these four bytes a header, and how long is its frame.</summary>
internal static class MpegHeader
{
    // Layer III bitrates in kbps by bitrate index (0 is free format, 15 is forbidden: neither is accepted).
    private static ReadOnlySpan<short> Mpeg1Kbps => [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];

    private static ReadOnlySpan<short> Mpeg2Kbps => [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];

    // Sample rates of MPEG-1 by sample rate index; MPEG-2 halves them and MPEG-2.5 quarters them.
    private static ReadOnlySpan<int> Mpeg1Rates => [44100, 48000, 32000];

    /// <summary>
    /// The frame length in bytes (header included) of the big-endian header <paramref name="header"/>, or 0 when it
    /// is not a Layer III header: no 11-bit sync, reserved version, another layer, free or bad bitrate, bad rate.
    /// </summary>
    public static int FrameLength(uint header)
    {
        if ((header & 0xFFE0_0000) != 0xFFE0_0000)
        {
            return 0;
        }

        int version = (int)(header >> 19) & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        int layer = (int)(header >> 17) & 3; // 1: Layer III
        int bitrateIndex = (int)(header >> 12) & 15;
        int rateIndex = (int)(header >> 10) & 3;
        int padding = (int)(header >> 9) & 1;
        if (version == 1 || layer != 1 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return 0;
        }

        int sampleRate = Mpeg1Rates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        return version == 3
            ? (144_000 * Mpeg1Kbps[bitrateIndex] / sampleRate) + padding
            : (72_000 * Mpeg2Kbps[bitrateIndex] / sampleRate) + padding;
    }
}

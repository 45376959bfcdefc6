namespace RadioServer.Playout.Formats;

/// <summary>
/// One parsed MPEG audio frame header (4 bytes). Written by hand rather than with NAudio's
/// <c>Mp3Frame</c> because the encoder output path parses every frame and must not allocate,
/// and the file probe needs strict validation (NAudio's reader re-syncs silently).
/// </summary>
public readonly record struct Mp3FrameHeader(
    int Version,        // 1 = MPEG-1, 2 = MPEG-2, 25 = MPEG-2.5
    int Layer,          // 1, 2 or 3
    int BitrateKbps,
    int SampleRate,
    int Channels,
    bool Padding,
    int FrameLength,
    int SamplesPerFrame)
{
    private static readonly int[] V1L1 = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly int[] V1L2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly int[] V1L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] V2L1 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly int[] V2L23 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    /// <summary>Length of a frame header in bytes.</summary>
    public const int Size = 4;

    /// <summary>
    /// Parses a header at the start of <paramref name="b"/>. Free-format (bitrate index 0) and reserved values are
    /// rejected: a free-format frame's length is not in its header (see <see cref="TryParseAny"/>).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> b, out Mp3FrameHeader header) =>
        TryParseAny(b, out header) && !header.IsFreeFormat;

    /// <summary>
    /// As <see cref="TryParse"/>, also accepting free format (bitrate index 0): such a header has
    /// <see cref="BitrateKbps"/> and <see cref="FrameLength"/> 0 until <see cref="WithFreeFormatLength"/> gives it
    /// the length found by the distance to the next frame.
    /// </summary>
    public static bool TryParseAny(ReadOnlySpan<byte> b, out Mp3FrameHeader header)
    {
        header = default;
        if (b.Length < Size || b[0] != 0xFF || (b[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        int versionBits = (b[1] >> 3) & 3;
        int layerBits = (b[1] >> 1) & 3;
        int bitrateIndex = (b[2] >> 4) & 0xF;
        int rateIndex = (b[2] >> 2) & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 15 || rateIndex == 3)
        {
            return false;
        }

        int version = versionBits switch { 3 => 1, 2 => 2, _ => 25 };
        int layer = 4 - layerBits;
        int baseRate = rateIndex switch { 0 => 44100, 1 => 48000, _ => 32000 };
        int sampleRate = version switch { 1 => baseRate, 2 => baseRate / 2, _ => baseRate / 4 };
        int kbps = (version, layer) switch
        {
            (1, 1) => V1L1[bitrateIndex],
            (1, 2) => V1L2[bitrateIndex],
            (1, _) => V1L3[bitrateIndex],
            (_, 1) => V2L1[bitrateIndex],
            _ => V2L23[bitrateIndex],
        };
        bool padding = ((b[2] >> 1) & 1) == 1;
        int channels = ((b[3] >> 6) & 3) == 3 ? 1 : 2;
        int samples = layer == 1 ? 384 : layer == 3 && version != 1 ? 576 : 1152;
        header = new Mp3FrameHeader(version, layer, kbps, sampleRate, channels, padding, 0, samples);
        if (kbps > 0)
        {
            int bps = kbps * 1000;
            int length = layer == 1 ? 12 * bps / sampleRate * 4 : samples / 8 * bps / sampleRate;
            header = header with { FrameLength = length + header.PaddingBytes };
        }

        return true;
    }

    /// <summary>True for a free-format header whose length is not known yet (bitrate index 0).</summary>
    public bool IsFreeFormat => BitrateKbps == 0;

    /// <summary>Bytes the padding bit adds (4 in layer I, 1 otherwise).</summary>
    public int PaddingBytes => Padding ? (Layer == 1 ? 4 : 1) : 0;

    /// <summary>
    /// A free-format header with its length: <paramref name="unpaddedLength"/> is the stream's frame length without
    /// padding (the same for all its frames), found from the distance between two frames.
    /// </summary>
    public Mp3FrameHeader WithFreeFormatLength(int unpaddedLength)
    {
        int length = unpaddedLength + PaddingBytes;
        return this with { FrameLength = length, BitrateKbps = Math.Max(1, (int)((long)length * 8 * SampleRate / SamplesPerFrame / 1000)) };
    }

    /// <summary>True when <paramref name="other"/> can belong to the same stream (same version, layer, rate).</summary>
    public bool IsCompatibleWith(Mp3FrameHeader other) =>
        Version == other.Version && Layer == other.Layer && SampleRate == other.SampleRate;

    /// <summary>The frame's duration in seconds.</summary>
    public double DurationSeconds => (double)SamplesPerFrame / SampleRate;
}

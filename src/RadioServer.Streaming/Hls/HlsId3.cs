using System.Text;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// The ID3v2.4 tag of HLS timed metadata: one per item, in the segment's metadata stream at the item's first frame
/// (<c>TIT2</c>, <c>TPE1</c> and the station's own <c>TXXX</c> frames: the item's file and its exact air time), which
/// hls.js and Safari surface as metadata cues and ffmpeg as a <c>timed_id3</c> stream.
/// </summary>
/// <remarks>
/// Written by hand rather than with TagLibSharp: that library renders tags for files (with padding and its own encoding
/// choices), while these are a few dozen bytes that must be exact.
/// </remarks>
public static class HlsId3
{
    /// <summary>The <c>TXXX</c> description of the station's own frame: what aired (the item's file) and when.</summary>
    public const string ItemDescription = "radioserver_item";

    /// <summary>The <c>TXXX</c> description of the item's air time (ISO 8601, UTC).</summary>
    public const string AiredDescription = "radioserver_aired";

    private const int HeaderSize = 10;

    /// <summary>The tag of an item beginning in a segment: its title, artist, file and air time.</summary>
    public static byte[] ItemStart(string title, string? artist, string item, DateTimeOffset aired)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(item);
        var frames = new List<(string Id, byte[] Body)> { ("TIT2", Text(title)) };
        if (!string.IsNullOrEmpty(artist))
        {
            frames.Add(("TPE1", Text(artist)));
        }

        frames.Add(("TXXX", UserText(ItemDescription, item)));
        frames.Add(("TXXX", UserText(AiredDescription, aired.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))));
        int size = frames.Sum(f => HeaderSize + f.Body.Length);
        var tag = new byte[HeaderSize + size];
        WriteHeader(tag, size);
        int pos = HeaderSize;
        foreach (var (id, body) in frames)
        {
            pos = WriteFrameHeader(tag, pos, id, body.Length);
            body.CopyTo(tag, pos);
            pos += body.Length;
        }

        return tag;
    }

    private static byte[] Text(string text) => [0x03, .. Encoding.UTF8.GetBytes(text)]; // 3: UTF-8

    private static byte[] UserText(string description, string value) =>
        [0x03, .. Encoding.UTF8.GetBytes(description), 0x00, .. Encoding.UTF8.GetBytes(value)];

    private static void WriteHeader(byte[] tag, int size)
    {
        tag[0] = (byte)'I';
        tag[1] = (byte)'D';
        tag[2] = (byte)'3';
        tag[3] = 4; // ID3v2.4.0
        tag[4] = 0;
        tag[5] = 0; // no unsynchronisation, no extended header
        WriteSyncsafe(tag.AsSpan(6), size);
    }

    private static int WriteFrameHeader(byte[] tag, int pos, string id, int size)
    {
        Encoding.ASCII.GetBytes(id, tag.AsSpan(pos, 4));
        WriteSyncsafe(tag.AsSpan(pos + 4), size); // v2.4 frame sizes are syncsafe too
        tag[pos + 8] = 0;
        tag[pos + 9] = 0;
        return pos + HeaderSize;
    }

    private static void WriteSyncsafe(Span<byte> to, int value)
    {
        if (value is < 0 or >= 1 << 28)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "an ID3 size is at most 2^28 - 1");
        }

        to[0] = (byte)((value >> 21) & 0x7F);
        to[1] = (byte)((value >> 14) & 0x7F);
        to[2] = (byte)((value >> 7) & 0x7F);
        to[3] = (byte)(value & 0x7F);
    }

}

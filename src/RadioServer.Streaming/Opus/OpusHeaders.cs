using System.Buffers.Binary;
using System.Text;

namespace RadioServer.Streaming.Opus;

/// <summary>The two Ogg Opus header packets (RFC 7845 §5): identification (OpusHead) and comments (OpusTags).</summary>
public static class OpusHeaders
{
    /// <summary>The vendor string's start; a mount adds its codec (e.g. "RadioServer (libopus 1.3.1)").</summary>
    public const string Vendor = "RadioServer";

    public static byte[] Head(int channels, int preSkip, int inputSampleRate)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), (ushort)preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), (uint)inputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0); // output gain
        head[18] = 0; // mapping family 0: mono or stereo
        return head;
    }

    /// <summary>OpusTags with ARTIST and TITLE (UTF-8, as Vorbis comments require), or TITLE alone.</summary>
    public static byte[] Tags(string? artist, string title, string vendor = Vendor)
    {
        var comments = new List<byte[]>();
        if (!string.IsNullOrEmpty(artist))
        {
            comments.Add(Encoding.UTF8.GetBytes("ARTIST=" + artist));
        }

        comments.Add(Encoding.UTF8.GetBytes("TITLE=" + title));
        byte[] vendorBytes = Encoding.UTF8.GetBytes(vendor);
        int length = 8 + 4 + vendorBytes.Length + 4 + comments.Sum(c => 4 + c.Length);
        var tags = new byte[length];
        "OpusTags"u8.CopyTo(tags);
        int pos = 8;
        BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(pos), vendorBytes.Length);
        vendorBytes.CopyTo(tags.AsSpan(pos + 4));
        pos += 4 + vendorBytes.Length;
        BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(pos), comments.Count);
        pos += 4;
        foreach (var c in comments)
        {
            BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(pos), c.Length);
            c.CopyTo(tags.AsSpan(pos + 4));
            pos += 4 + c.Length;
        }

        return tags;
    }
}

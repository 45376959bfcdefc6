using System.Buffers.Binary;
using System.Text;
using RadioServer.Playout.Formats;

namespace RadioServer.TestSupport;

/// <summary>
/// The tests' own reader of HLS MPEG-TS segments (ISO/IEC 13818-1 and ID3v2.4 as their specifications lay them out):
/// checks packet sync, the PAT and PMT at the start, continuity counters (across the segments one reader is given, in
/// order), and gathers each stream's PES with their PTS. Written apart from the station's writer so the two check each other.
/// </summary>
internal sealed class TsSegments
{
    private readonly Dictionary<int, int> _continuity = [];

    public sealed record Pes(long Pts, byte[] Data);

    /// <summary>An ID3 tag's frames by id.</summary>
    public sealed record Id3Tag(Dictionary<string, List<byte[]>> Frames)
    {
        public string? Text(string id) => Frames.TryGetValue(id, out var f) ? Encoding.UTF8.GetString(f[0].AsSpan(1)) : null;

        /// <summary>A TXXX frame's value by its description.</summary>
        public string? UserText(string description)
        {
            foreach (var body in Frames.GetValueOrDefault("TXXX") ?? [])
            {
                int nul = Array.IndexOf(body, (byte)0, 1);
                if (Encoding.UTF8.GetString(body, 1, nul - 1) == description)
                {
                    return Encoding.UTF8.GetString(body, nul + 1, body.Length - nul - 1);
                }
            }

            return null;
        }
    }

    /// <param name="Audio">The MP3 frames alone, in order (what a decoder gets).</param>
    public sealed record Segment(List<Pes> AudioPes, List<(long Pts, Id3Tag Tag)> Tags, List<Mp3FrameHeader> Frames, byte[] Audio, byte AudioStreamType)
    {
        public long FirstPts => AudioPes[0].Pts;

        public int SamplesPerFrame => Frames[0].SamplesPerFrame;
    }

    public Segment Read(byte[] data)
    {
        Assert.Equal(0, data.Length % 188);
        var pes = new Dictionary<int, List<MemoryStream>>();
        int audioPid = -1, id3Pid = -1, pmtPid = -1;
        byte audioType = 0;
        for (int at = 0; at < data.Length; at += 188)
        {
            var p = data.AsSpan(at, 188);
            Assert.Equal(0x47, p[0]);
            bool start = (p[1] & 0x40) != 0;
            int pid = ((p[1] & 0x1F) << 8) | p[2];
            int afc = (p[3] >> 4) & 3;
            int cc = p[3] & 0x0F;
            if ((afc & 1) != 0)
            {
                if (_continuity.TryGetValue(pid, out int last))
                {
                    Assert.Equal((last + 1) & 0x0F, cc); // no packet lost or repeated, across segments too
                }

                _continuity[pid] = cc;
            }

            int pos = 4;
            if ((afc & 2) != 0)
            {
                pos += 1 + p[4];
            }

            var payload = p[pos..];
            if (at == 0)
            {
                Assert.Equal(0, pid); // a segment starts with the PAT...
                pmtPid = ((payload[1 + 10] & 0x1F) << 8) | payload[1 + 11];
                CheckCrc(payload[1..]);
                continue;
            }

            if (at == 188)
            {
                Assert.Equal(pmtPid, pid); // ...then the PMT
                var section = payload[1..];
                int sectionLength = ((section[1] & 0x0F) << 8) | section[2];
                CheckCrc(section);
                int programInfo = ((section[10] & 0x0F) << 8) | section[11];
                int i = 12 + programInfo;
                while (i < 3 + sectionLength - 4)
                {
                    byte type = section[i];
                    int esPid = ((section[i + 1] & 0x1F) << 8) | section[i + 2];
                    int esInfo = ((section[i + 3] & 0x0F) << 8) | section[i + 4];
                    if (type is 0x03 or 0x04)
                    {
                        audioPid = esPid;
                        audioType = type;
                    }
                    else if (type == 0x15)
                    {
                        id3Pid = esPid;
                        Assert.Contains("ID3 ", Encoding.ASCII.GetString(section.Slice(i + 5, esInfo)), StringComparison.Ordinal);
                    }

                    i += 5 + esInfo;
                }

                Assert.True(audioPid > 0 && id3Pid > 0, "the PMT lists an MP3 stream and a timed ID3 stream");
                continue;
            }

            if (start)
            {
                (pes.TryGetValue(pid, out var list) ? list : pes[pid] = []).Add(new MemoryStream());
            }

            Assert.True(pes.ContainsKey(pid), $"PID {pid} continues a PES that did not start in this segment");
            pes[pid][^1].Write(payload);
        }

        var audio = pes.GetValueOrDefault(audioPid, []).Select(m => ParsePes(m.ToArray(), 0xC0)).ToList();
        var tags = pes.GetValueOrDefault(id3Pid, []).Select(m => ParsePes(m.ToArray(), 0xBD)).Select(t => (t.Pts, ParseId3(t.Data))).ToList();
        var frames = new List<Mp3FrameHeader>();
        var bytes = new MemoryStream();
        foreach (var a in audio)
        {
            for (int pos = 0; pos < a.Data.Length;)
            {
                Assert.True(Mp3FrameHeader.TryParse(a.Data.AsSpan(pos), out var header), $"no MP3 frame at byte {pos} of a PES");
                frames.Add(header);
                pos += header.FrameLength;
                Assert.True(pos <= a.Data.Length, "a PES holds whole frames");
            }

            bytes.Write(a.Data);
        }

        return new Segment(audio, tags, frames, bytes.ToArray(), audioType);
    }

    /// <summary>The MP3 frames in an audio PES.</summary>
    public static int FramesIn(Pes pes)
    {
        int count = 0;
        for (int pos = 0; pos < pes.Data.Length && Mp3FrameHeader.TryParse(pes.Data.AsSpan(pos), out var header); pos += header.FrameLength)
        {
            count++;
        }

        return count;
    }

    private static Pes ParsePes(byte[] data, byte streamId)
    {
        Assert.Equal([0, 0, 1, streamId], data[..4]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4));
        Assert.Equal(0x80, data[7] & 0xC0); // a PTS
        long pts = ((long)(data[9] & 0x0E) << 29) | ((long)data[10] << 22) | ((long)(data[11] & 0xFE) << 14) | ((long)data[12] << 7) | ((long)data[13] >> 1);
        int payload = 9 + data[8];
        Assert.Equal(length, data.Length - 6);
        return new Pes(pts, data[payload..]);
    }

    private static Id3Tag ParseId3(byte[] data)
    {
        Assert.Equal("ID3", Encoding.ASCII.GetString(data, 0, 3));
        Assert.Equal(4, data[3]); // ID3v2.4
        int size = Syncsafe(data.AsSpan(6));
        Assert.Equal(data.Length, 10 + size);
        var frames = new Dictionary<string, List<byte[]>>();
        int f = 10;
        while (f + 10 <= data.Length)
        {
            string id = Encoding.ASCII.GetString(data, f, 4);
            int length = Syncsafe(data.AsSpan(f + 4));
            (frames.TryGetValue(id, out var list) ? list : frames[id] = []).Add(data.AsSpan(f + 10, length).ToArray());
            f += 10 + length;
        }

        Assert.Equal(data.Length, f);
        return new Id3Tag(frames);
    }

    /// <summary>The MPEG-2 CRC-32 over a whole section (its CRC included) is 0.</summary>
    private static void CheckCrc(ReadOnlySpan<byte> sectionAndMore)
    {
        int length = 3 + (((sectionAndMore[1] & 0x0F) << 8) | sectionAndMore[2]);
        uint crc = 0xFFFFFFFF;
        foreach (byte b in sectionAndMore[..length])
        {
            crc ^= (uint)b << 24;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        Assert.Equal(0u, crc);
    }

    private static int Syncsafe(ReadOnlySpan<byte> b)
    {
        Assert.True(b[0] < 0x80 && b[1] < 0x80 && b[2] < 0x80 && b[3] < 0x80, "ID3v2.4 sizes are syncsafe");
        return (b[0] << 21) | (b[1] << 14) | (b[2] << 7) | b[3];
    }
}

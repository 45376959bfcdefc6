using System.Buffers.Binary;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// Writes an MPEG-2 transport stream (ISO/IEC 13818-1) of one MP3 audio stream and one timed-ID3 metadata stream, as
/// HLS segments carry them (RFC 8216 §3.2; the ID3 stream as Apple's "Timed Metadata for HTTP Live Streaming" lays it
/// out: stream type 0x15 with a metadata pointer descriptor in the program and a metadata descriptor on the stream).
/// Every segment starts with the PAT and PMT, so it can be played alone; continuity counters run on across segments.
/// </summary>
/// <remarks>
/// Written by hand: none of the project's libraries muxes MPEG-TS, and this is the small subset HLS needs (two
/// streams, PES with PTS, a PCR on the audio). Transport streams rather than packed audio: with packed MP3, ffmpeg
/// (and the players built on it) dates the frames still in its parser's buffer with the next segment's timestamp,
/// so timestamps step back by up to 180 ms at every segment boundary (seen here with ffprobe); a PES carries its own.
/// </remarks>
public sealed class MpegTsWriter
{
    public const int PacketSize = 188;

    /// <summary>MPEG-2 timestamps count 90 kHz ticks in 33 bits and wrap.</summary>
    public const long TimestampModulus = 1L << 33;
    public const int AudioPid = 0x101;
    public const int Id3Pid = 0x102;
    public const int PmtPid = 0x1000;

    /// <summary>How far (90 kHz) the program clock runs ahead of the audio's presentation times.</summary>
    private const long PcrLead = 9000;

    private const byte StreamTypeMpeg1Audio = 0x03;
    private const byte StreamTypeMpeg2Audio = 0x04;
    private const byte StreamTypeMetadata = 0x15;

    private readonly byte[] _pat;
    private readonly byte[] _pmt;
    private readonly byte[] _packet = new byte[PacketSize];
    private byte _ccPat;
    private byte _ccPmt;
    private byte _ccAudio;
    private byte _ccId3;

    /// <param name="mpeg2Audio">Whether the MP3 is MPEG-2 or 2.5 (rates below 32 kHz): its stream type differs.</param>
    public MpegTsWriter(bool mpeg2Audio)
    {
        _pat = Section(0x00, 1, [0x00, 0x01, (byte)(0xE0 | (PmtPid >> 8)), (byte)(PmtPid & 0xFF)]);
        byte[] id3 = "ID3 "u8.ToArray();

        // metadata_pointer_descriptor (0x25): application format 0xFFFF with 'ID3 ', format 0xFF with 'ID3 ', service 0,
        // no locator, carried in this transport stream (flags 0), in program 1.
        byte[] pointer = [0x25, 15, 0xFF, 0xFF, .. id3, 0xFF, .. id3, 0x00, 0x1F, 0x00, 0x01];

        // metadata_descriptor (0x26): the same formats, service 0, no decoder config, no DSM-CC.
        byte[] metadata = [0x26, 13, 0xFF, 0xFF, .. id3, 0xFF, .. id3, 0x00, 0x0F];
        byte[] body =
        [
            (byte)(0xE0 | (AudioPid >> 8)), (byte)(AudioPid & 0xFF), // PCR on the audio
            (byte)(0xF0 | (pointer.Length >> 8)), (byte)pointer.Length, .. pointer,
            mpeg2Audio ? StreamTypeMpeg2Audio : StreamTypeMpeg1Audio, (byte)(0xE0 | (AudioPid >> 8)), (byte)(AudioPid & 0xFF), 0xF0, 0x00,
            StreamTypeMetadata, (byte)(0xE0 | (Id3Pid >> 8)), (byte)(Id3Pid & 0xFF), (byte)(0xF0 | (metadata.Length >> 8)), (byte)metadata.Length, .. metadata,
        ];
        _pmt = Section(0x02, 1, body);
    }

    /// <summary>Bytes of transport stream that carry <paramref name="payload"/> bytes in one PES with a PTS (and a PCR).</summary>
    public static int PesBytes(int payload) => (int)Math.Ceiling((payload + 14 + 8) / (double)(PacketSize - 4)) * PacketSize;

    /// <summary>The program tables a segment starts with.</summary>
    public void WriteTables(Stream to)
    {
        WriteSection(to, 0, ref _ccPat, _pat);
        WriteSection(to, PmtPid, ref _ccPmt, _pmt);
    }

    /// <summary>MP3 frames as one PES at <paramref name="pts90k"/>, with the program clock in its first packet.</summary>
    public void WriteAudio(Stream to, ReadOnlySpan<byte> frames, long pts90k, bool randomAccess) =>
        WritePes(to, AudioPid, ref _ccAudio, 0xC0, frames, pts90k, pcr: true, randomAccess);

    /// <summary>An ID3 tag as a timed-metadata PES at <paramref name="pts90k"/> (private stream 1, as Apple's spec says).</summary>
    public void WriteId3(Stream to, ReadOnlySpan<byte> tag, long pts90k) => WritePes(to, Id3Pid, ref _ccId3, 0xBD, tag, pts90k, pcr: false, randomAccess: false);

    private void WritePes(Stream to, int pid, ref byte cc, byte streamId, ReadOnlySpan<byte> payload, long pts90k, bool pcr, bool randomAccess)
    {
        Span<byte> header = stackalloc byte[14];
        header[0] = 0;
        header[1] = 0;
        header[2] = 1;
        header[3] = streamId;
        int length = 8 + payload.Length; // the bytes after the length field
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)(length <= 0xFFFF ? length : 0));
        header[6] = 0x84; // '10', data_alignment_indicator
        header[7] = 0x80; // a PTS, no DTS
        header[8] = 5;
        long pts = Wrap(pts90k);
        header[9] = (byte)(0x21 | ((pts >> 29) & 0x0E));
        header[10] = (byte)(pts >> 22);
        header[11] = (byte)(0x01 | ((pts >> 14) & 0xFE));
        header[12] = (byte)(pts >> 7);
        header[13] = (byte)(0x01 | ((pts << 1) & 0xFE));

        int total = header.Length + payload.Length;
        int written = 0;
        bool first = true;
        while (written < total)
        {
            var p = _packet.AsSpan();
            bool withPcr = first && pcr;
            int adaptation = withPcr ? 8 : 0; // the adaptation field's bytes, its length byte included: flags and a PCR
            int room = PacketSize - 4 - adaptation;
            int left = total - written;
            if (left < room)
            {
                adaptation += room - left; // the last packet is filled out with stuffing
                room = left;
            }

            p[0] = 0x47;
            p[1] = (byte)((first ? 0x40 : 0) | (pid >> 8));
            p[2] = (byte)pid;
            p[3] = (byte)((adaptation > 0 ? 0x30 : 0x10) | cc);
            cc = (byte)((cc + 1) & 0x0F);
            int pos = 4;
            if (adaptation > 0)
            {
                p[pos++] = (byte)(adaptation - 1);
                if (adaptation > 1)
                {
                    byte flags = 0;
                    if (withPcr)
                    {
                        flags |= 0x10;
                    }

                    if (withPcr && randomAccess)
                    {
                        flags |= 0x40;
                    }

                    p[pos++] = flags;
                    if (withPcr)
                    {
                        // The program clock at this packet: 100 ms before the audio it brings is due.
                        long clock = Wrap(pts90k - PcrLead);
                        p[pos++] = (byte)(clock >> 25);
                        p[pos++] = (byte)(clock >> 17);
                        p[pos++] = (byte)(clock >> 9);
                        p[pos++] = (byte)(clock >> 1);
                        p[pos++] = (byte)(((clock & 1) << 7) | 0x7E);
                        p[pos++] = 0;
                    }

                    while (pos < 4 + adaptation)
                    {
                        p[pos++] = 0xFF;
                    }
                }
            }

            int fromHeader = Math.Clamp(header.Length - written, 0, room);
            if (fromHeader > 0)
            {
                header.Slice(written, fromHeader).CopyTo(p[pos..]);
            }

            payload.Slice(written + fromHeader - header.Length, room - fromHeader).CopyTo(p[(pos + fromHeader)..]);
            written += room;

            to.Write(p);
            first = false;
        }
    }

    private static long Wrap(long ticks) => ((ticks % TimestampModulus) + TimestampModulus) % TimestampModulus;

    private void WriteSection(Stream to, int pid, ref byte cc, byte[] section)
    {
        var p = _packet.AsSpan();
        p.Fill(0xFF);
        p[0] = 0x47;
        p[1] = (byte)(0x40 | (pid >> 8));
        p[2] = (byte)pid;
        p[3] = (byte)(0x10 | cc);
        cc = (byte)((cc + 1) & 0x0F);
        p[4] = 0; // pointer_field
        section.CopyTo(p[5..]);
        to.Write(p);
    }

    /// <summary>A PSI section with the long syntax: table id, length, id, version 0, current, section 0 of 0, body, CRC.</summary>
    private static byte[] Section(byte tableId, ushort id, ReadOnlySpan<byte> body)
    {
        int length = 5 + body.Length + 4;
        var s = new byte[3 + length];
        s[0] = tableId;
        s[1] = (byte)(0xB0 | (length >> 8));
        s[2] = (byte)length;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(3), id);
        s[5] = 0xC1;
        s[6] = 0;
        s[7] = 0;
        body.CopyTo(s.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(s.Length - 4), Crc32(s.AsSpan(0, s.Length - 4)));
        return s;
    }

    /// <summary>
    /// The MPEG-2 CRC-32 of PSI sections: Ogg's CRC (polynomial 0x04C11DB7, not reflected, no final XOR) started from
    /// 0xFFFFFFFF instead of 0.
    /// </summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => Playout.Formats.OggCrc.Update(0xFFFFFFFF, data);
}

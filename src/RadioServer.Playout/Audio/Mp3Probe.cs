using System.Buffers.Binary;
using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Audio;

/// <summary>What <see cref="Mp3Probe"/> found in a file.</summary>
/// <param name="Error">Why the file must not be aired, or null when it is fine.</param>
public sealed record Mp3ProbeResult(
    string? Error,
    int SampleRate,
    int Channels,
    long AudioFrames,
    TimeSpan Duration,
    bool IsVbr)
{
    public bool IsPlayable => Error is null;

    internal static Mp3ProbeResult Fail(string error) => new(error, 0, 0, 0, TimeSpan.Zero, false);
}

/// <summary>
/// Checks a file before it goes on air by walking its chain of MPEG frame headers.
/// NLayer "decodes" random bytes as noise, yields nothing for WAV data named .mp3 and ends truncated
/// files mid-phrase without an error, and TagLibSharp accepts anything; so the only trustworthy
/// evidence is a consistent run of frames through the whole file. Reads headers only (seeks over
/// frame bodies), so it costs a fraction of a decode.
/// </summary>
public static class Mp3Probe
{
    private const int ConsecutiveFramesToSync = 4;
    private const int MaxSyncSearch = 256 * 1024;

    public static Mp3ProbeResult Probe(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            return Probe(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Mp3ProbeResult.Fail(e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found"
                : $"cannot read file: {e.Message}");
        }
    }

    public static Mp3ProbeResult Probe(Stream stream)
    {
        long length = stream.Length;
        if (length == 0)
        {
            return Mp3ProbeResult.Fail("empty file (0 bytes)");
        }

        long audioStart = SkipId3v2(stream);
        long end = length - TrailingTagLength(stream, length);
        long? first = FindFirstFrame(stream, audioStart, Math.Min(end, audioStart + MaxSyncSearch));
        if (first is null)
        {
            return Mp3ProbeResult.Fail("no run of valid MPEG audio frames found (not an MP3 file?)");
        }

        Span<byte> head = stackalloc byte[Mp3FrameHeader.Size];
        long pos = first.Value;
        Read(stream, pos, head);
        _ = Mp3FrameHeader.TryParse(head, out var firstHeader); // validated by FindFirstFrame
        long xingFrames = ReadXingFrameCount(stream, pos, firstHeader);
        bool hasInfoFrame = xingFrames >= 0;
        long frames = 0;
        long samples = 0;
        int bitrate = firstHeader.BitrateKbps;
        bool vbr = false;
        long junk = 0;
        while (pos + Mp3FrameHeader.Size <= end)
        {
            Read(stream, pos, head);
            if (Mp3FrameHeader.TryParse(head, out var h) && h.IsCompatibleWith(firstHeader))
            {
                if (pos + h.FrameLength > end)
                {
                    return Mp3ProbeResult.Fail(
                        $"truncated: the last frame needs {h.FrameLength} bytes but only {end - pos} remain after {frames} frames");
                }

                frames++;
                samples += h.SamplesPerFrame;
                vbr |= h.BitrateKbps != bitrate;
                pos += h.FrameLength;
                continue;
            }

            // Junk between frames: step one byte and look for the next frame.
            junk++;
            pos++;
            if (junk > MaxSyncSearch)
            {
                return Mp3ProbeResult.Fail($"more than {MaxSyncSearch} bytes that are not MPEG audio after frame {frames}");
            }
        }

        junk += end - pos;
        if (hasInfoFrame)
        {
            frames--; // the Xing/Info frame carries no audio
            samples -= firstHeader.SamplesPerFrame;
            vbr = true;
            if (xingFrames > frames + 1)
            {
                return Mp3ProbeResult.Fail(
                    $"truncated: the Xing/Info header announces {xingFrames} frames but the file holds {frames}");
            }
        }

        if (frames <= 0)
        {
            return Mp3ProbeResult.Fail("no audio frames");
        }

        if (junk > (end - audioStart) / 10)
        {
            return Mp3ProbeResult.Fail($"{junk} of {end - audioStart} bytes are not MPEG audio frames");
        }

        return new Mp3ProbeResult(null, firstHeader.SampleRate, firstHeader.Channels, frames,
            TimeSpan.FromSeconds((double)samples / firstHeader.SampleRate), vbr);
    }

    private static long SkipId3v2(Stream stream)
    {
        long pos = 0;
        Span<byte> tag = stackalloc byte[10];
        while (pos + 10 <= stream.Length)
        {
            Read(stream, pos, tag);
            if (tag[0] != (byte)'I' || tag[1] != (byte)'D' || tag[2] != (byte)'3')
            {
                break;
            }

            int size = (tag[6] << 21) | (tag[7] << 14) | (tag[8] << 7) | tag[9];
            bool footer = (tag[5] & 0x10) != 0;
            pos += 10 + size + (footer ? 10 : 0);
        }

        return pos;
    }

    /// <summary>ID3v1 ("TAG", 128 bytes) and APEv2 ("APETAGEX" footer) tags at the end of the file.</summary>
    private static long TrailingTagLength(Stream stream, long length)
    {
        long tail = 0;
        Span<byte> buf = stackalloc byte[32];
        if (length >= 128)
        {
            Read(stream, length - 128, buf[..3]);
            if (buf[0] == (byte)'T' && buf[1] == (byte)'A' && buf[2] == (byte)'G')
            {
                tail = 128;
            }
        }

        if (length - tail >= 32)
        {
            Read(stream, length - tail - 32, buf);
            if (buf[..8].SequenceEqual("APETAGEX"u8))
            {
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(buf[12..]);
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(buf[20..]);
                bool hasHeader = (flags & 0x80000000) != 0;
                tail += size + (hasHeader ? 32 : 0);
            }
        }

        return Math.Min(tail, length);
    }

    private static long? FindFirstFrame(Stream stream, long from, long limit)
    {
        Span<byte> head = stackalloc byte[Mp3FrameHeader.Size];
        for (long pos = from; pos + Mp3FrameHeader.Size <= limit; pos++)
        {
            Read(stream, pos, head);
            if (!Mp3FrameHeader.TryParse(head, out var first))
            {
                continue;
            }

            long next = pos + first.FrameLength;
            int run = 1;
            while (run < ConsecutiveFramesToSync && next + Mp3FrameHeader.Size <= stream.Length)
            {
                Read(stream, next, head);
                if (!Mp3FrameHeader.TryParse(head, out var h) || !h.IsCompatibleWith(first))
                {
                    break;
                }

                next += h.FrameLength;
                run++;
            }

            // A short file may hold fewer frames than the run length: accept it when it ends exactly.
            if (run == ConsecutiveFramesToSync || (run >= 1 && next == stream.Length))
            {
                return pos;
            }
        }

        return null;
    }

    /// <summary>Frame count from a Xing/Info header in the first frame, or -1 when there is none.</summary>
    private static long ReadXingFrameCount(Stream stream, long framePos, Mp3FrameHeader h)
    {
        int sideInfo = h.Version == 1 ? (h.Channels == 1 ? 17 : 32) : (h.Channels == 1 ? 9 : 17);
        Span<byte> buf = stackalloc byte[12];
        if (framePos + 4 + sideInfo + buf.Length > stream.Length)
        {
            return -1;
        }

        Read(stream, framePos + 4 + sideInfo, buf);
        bool xing = buf[..4].SequenceEqual("Xing"u8) || buf[..4].SequenceEqual("Info"u8);
        if (!xing)
        {
            return -1;
        }

        uint flags = BinaryPrimitives.ReadUInt32BigEndian(buf[4..]);
        return (flags & 1) != 0 ? BinaryPrimitives.ReadUInt32BigEndian(buf[8..]) : 0;
    }

    private static void Read(Stream stream, long pos, Span<byte> into)
    {
        stream.Position = pos;
        stream.ReadExactly(into);
    }
}

using System.Buffers.Binary;
using System.Text;
using Concentus;
using Concentus.Enums;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Formats;
using RadioServer.Playout.Live;

namespace RadioServer.Playout.Tests.Live;

/// <summary>Ogg Opus from a source client, built here page by page (RFC 3533/7845) and pushed in awkward pieces.</summary>
public class LiveOggOpusDecoderTests
{
    private const int Rate = 48000;

    /// <summary>One logical stream: OpusHead, OpusTags (title), then 20 ms packets of a tone, one packet per page.</summary>
    internal static List<byte[]> Stream(int serial, double frequency, double seconds, string title, int channels = 2)
    {
        var pages = new List<byte[]>();
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 312);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), Rate);
        uint sequence = 0;
        pages.Add(Page(serial, sequence++, 0x02, 0, head));
        byte[] vendor = "test"u8.ToArray();
        byte[] comment = Encoding.UTF8.GetBytes("TITLE=" + title);
        var tags = new byte[8 + 4 + vendor.Length + 4 + 4 + comment.Length];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(8), vendor.Length);
        vendor.CopyTo(tags, 12);
        BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(12 + vendor.Length), 1);
        BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(16 + vendor.Length), comment.Length);
        comment.CopyTo(tags, 20 + vendor.Length);
        pages.Add(Page(serial, sequence++, 0, 0, tags));

        var encoder = OpusCodecFactory.CreateEncoder(Rate, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
        var pcm = new float[960 * channels];
        var packet = new byte[4000];
        long granule = 0;
        for (int f = 0; f < seconds * 50; f++)
        {
            for (int i = 0; i < 960; i++)
            {
                float v = (float)(0.3 * Math.Sin(2 * Math.PI * frequency * (granule + i) / Rate));
                for (int c = 0; c < channels; c++)
                {
                    pcm[(i * channels) + c] = v;
                }
            }

            int n = encoder.Encode(pcm, 960, packet, packet.Length);
            granule += 960;
            pages.Add(Page(serial, sequence++, 0, granule, packet.AsSpan(0, n)));
        }

        return pages;
    }

    private static byte[] Page(int serial, uint sequence, byte flags, long granule, ReadOnlySpan<byte> packet)
    {
        int segments = (packet.Length / 255) + 1;
        var page = new byte[27 + segments + packet.Length];
        "OggS"u8.CopyTo(page);
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)segments;
        for (int i = 0; i < segments; i++)
        {
            page[27 + i] = (byte)(i < segments - 1 ? 255 : packet.Length % 255);
        }

        packet.CopyTo(page.AsSpan(27 + segments));
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc.Compute(page));
        return page;
    }

    private static float[] Drain(LiveInput input)
    {
        var all = new List<float>();
        var buffer = new float[8192];
        int n;
        while ((n = input.Audio.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return [.. all];
    }

    private static double Power(float[] stereo, int from, double frequency)
    {
        double re = 0, im = 0;
        for (int i = 0; i < 4410; i++)
        {
            double w = 2 * Math.PI * frequency * i / 44100;
            re += stereo[2 * (from + i)] * Math.Cos(w);
            im += stereo[2 * (from + i)] * Math.Sin(w);
        }

        return (re * re) + (im * im);
    }

    [Fact]
    public void Push_ChainedStreamsInOddPiecesWithJunkAndADamagedPage_TonesAndTitlesArrive()
    {
        var bytes = new List<byte>();
        bytes.AddRange("junk before the first page"u8.ToArray());
        var first = Stream(1, 440, 1, "Ọ̀rọ̀ Àárọ̀");
        first[10][40] ^= 0xFF; // a damaged audio page: its CRC fails, it is skipped
        first.ForEach(bytes.AddRange);
        Stream(2, 1000, 1, "Second Song", channels: 1).ForEach(bytes.AddRange);
        var input = new LiveInput(44100 * 2 * 10);
        Assert.True(input.TryAcquire("ade", "Live with ade"));
        var decoder = new LiveOggOpusDecoder(StationFormat.Default, input);
        var titles = new List<string>();
        byte[] all = [.. bytes];
        for (int at = 0; at < all.Length; at += 7)
        {
            decoder.Push(all.AsSpan(at, Math.Min(7, all.Length - at)));
            if (input.Title is { } t && t.Title != "Live with ade" && (titles.Count == 0 || titles[^1] != t.Title))
            {
                titles.Add(t.Title);
            }
        }

        float[] pcm = Drain(input);
        Assert.Equal(["Ọ̀rọ̀ Àárọ̀", "Second Song"], titles);
        Assert.Equal(99, decoder.FramesDecoded); // 50 + 50 packets, one damaged
        // About 2 s at the bus rate (less the pre-skip of each stream and the damaged 20 ms).
        Assert.InRange(pcm.Length / 2 / 44100.0, 1.9, 2.0);
        Assert.True(Power(pcm, 22050, 440) > 100 * Power(pcm, 22050, 1000), "440 Hz in the first second");
        Assert.True(Power(pcm, 66150, 1000) > 100 * Power(pcm, 66150, 440), "1000 Hz in the second");
    }

    [Fact]
    public void Push_OggVorbis_RefusedWithAReason()
    {
        var decoder = new LiveOggOpusDecoder(StationFormat.Default, new LiveInput(1000));
        var e = Assert.Throws<InvalidDataException>(() => decoder.Push(Page(5, 0, 0x02, 0, "\u0001vorbis\0\0\0\0\u0002"u8)));
        Assert.Contains("Ogg Vorbis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_NotOgg_RefusedAfter64KiB()
    {
        var decoder = new LiveOggOpusDecoder(StationFormat.Default, new LiveInput(1000));
        var noise = new byte[70 * 1024];
        new Random(1).NextBytes(noise);
        Assert.Throws<InvalidDataException>(() => decoder.Push(noise));
    }

    /// <summary>A page whose whole body continues one packet (every lacing value 255): 65 KB that end nothing.</summary>
    private static byte[] ContinuingPage(int serial, uint sequence, byte flags)
    {
        var page = new byte[27 + 255 + (255 * 255)];
        "OggS"u8.CopyTo(page);
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), -1);
        BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = 255;
        page.AsSpan(27, 255).Fill(255);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc.Compute(page));
        return page;
    }

    [Fact]
    public void Push_APacketThatContinuesOverPagesWithoutEnd_RefusedPastTheCap_MemoryStaysBounded()
    {
        var decoder = new LiveOggOpusDecoder(StationFormat.Default, new LiveInput(1000));
        var start = Stream(9, 440, 0.2, "Show");
        foreach (var page in start)
        {
            decoder.Push(page);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        uint sequence = (uint)start.Count;
        long sent = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            for (int i = 0; i < 3000; i++) // 200 MB if nothing stopped it
            {
                var page = ContinuingPage(9, sequence++, i == 0 ? (byte)0 : (byte)0x01);
                sent += page.Length;
                decoder.Push(page);
            }
        });

        Assert.Contains("Ogg packet longer than 1024 KB", e.Message, StringComparison.Ordinal);
        Assert.InRange(sent, 1024 * 1024, (1024 * 1024) + (2 * 65_307));
        // The test's own pages are most of it; the reader holds at most the 1 MB packet.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 6 * 1024 * 1024, "memory grew with the packet");
    }

    [Fact]
    public void Push_JunkThatImitatesPages_AfterAValidStream_RefusedWithinABoundedAmountOfInput()
    {
        var decoder = new LiveOggOpusDecoder(StationFormat.Default, new LiveInput(1000));
        foreach (var page in Stream(3, 440, 0.2, "Show"))
        {
            decoder.Push(page);
        }

        // Every 32 bytes a page header claiming a 65 KB body whose CRC never matches: each costs a CRC over 65 KB.
        var junk = new byte[32 * 1024];
        for (int at = 0; at + 32 <= junk.Length; at += 32)
        {
            "OggS"u8.CopyTo(junk.AsSpan(at));
            junk[at + 26] = 255;
            junk.AsSpan(at + 27, 5).Fill(255);
        }

        long sent = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            for (int i = 0; i < 1600; i++) // 50 MB if nothing stopped it
            {
                sent += junk.Length;
                decoder.Push(junk);
            }
        });

        Assert.Matches("not Ogg pages|imitates Ogg pages", e.Message);
        Assert.True(sent <= 256 * 1024, $"refused only after {sent} bytes");
    }
}

using System.Buffers;
using System.IO.Pipelines;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Library;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Opus;
using RadioServer.Streaming.Tests.Ogg;

namespace RadioServer.Streaming.Tests.Opus;

public class OpusMountEncoderTests
{
    private const int Rate = 48000;
    private const int BlockFrames = 960;

    [Fact]
    public void Write_OneTrack_OutputIsValidOggOpusPagesWithCorrectCrcs()
    {
        var (encoder, buffer) = Create();
        using (encoder)
        {
            Feed(encoder, 2.0, (0, "Only"));
        }

        var pages = OggPageParser.ParseAll(Concat(buffer, buffer.Tail));
        Assert.All(pages, p => Assert.Equal(p.ComputedCrc, p.StoredCrc));
        Assert.All(pages, p => Assert.Equal(0, p.Version));
        Assert.All(pages, p => Assert.False(p.Continued));
        Assert.True(pages[0].Bos);
        Assert.Equal(OpusHeaders.Head(2, encoder.Lookahead, Rate), Assert.Single(pages[0].Packets));
        Assert.False(pages[1].Bos);
        Assert.Equal(0, pages[1].Granule);
        var (_, comments, _) = OpusHeadersTests.ParseTags(Assert.Single(pages[1].Packets));
        Assert.Contains("TITLE=Only", comments);
        Assert.All(pages.Skip(2), p => Assert.All(p.Packets, packet => Assert.NotEmpty(packet)));
        Assert.Single(pages.Select(p => p.Serial).Distinct());
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => (uint)i), pages.Select(p => p.Sequence));
    }

    [Fact]
    public void Write_TitleChange_EndsTheStreamAndStartsAChainedOneWithNewSerialAndHeaders()
    {
        var (encoder, buffer) = Create();
        using (encoder)
        {
            Feed(encoder, 2.0, (0, "First"), (Rate, "Second"));
        }

        var pages = OggPageParser.ParseAll(Concat(buffer, buffer.Tail));
        var streams = SplitStreams(pages);
        Assert.Equal(2, streams.Count);
        Assert.NotEqual(streams[0][0].Serial, streams[1][0].Serial);
        string[] titles = ["First", "Second"];
        for (int s = 0; s < 2; s++)
        {
            var stream = streams[s];
            Assert.True(stream[0].Bos);
            Assert.All(stream.Skip(1), p => Assert.False(p.Bos));
            Assert.Equal("OpusHead"u8.ToArray(), stream[0].Packets[0][..8]);
            var (_, comments, _) = OpusHeadersTests.ParseTags(Assert.Single(stream[1].Packets));
            Assert.Contains("TITLE=" + titles[s], comments);
            Assert.Equal(Enumerable.Range(0, stream.Count).Select(i => (uint)i), stream.Select(p => p.Sequence));
        }

        // The first stream ends with EOS on its last page, and its final granule trims the flush frame:
        // pre-skip plus exactly the 1 s of input it encoded.
        Assert.True(streams[0][^1].Eos);
        Assert.All(streams[0].SkipLast(1), p => Assert.False(p.Eos));
        Assert.Equal(encoder.Lookahead + Rate, streams[0][^1].Granule);
        Assert.False(streams[1][^1].Eos); // the live stream goes on

        // Chunk titles follow the stream: the EOS page still belongs to the first title.
        for (long seq = buffer.Tail; buffer.TryRead(seq, out var chunk) == ChunkRead.Ok; seq++)
        {
            int firstSerial = OggPageParser.Parse(chunk!.Data.ToArray(), 0).Serial;
            Assert.Equal(firstSerial == streams[0][0].Serial ? "First" : "Second", chunk.Title.Text);
        }
    }

    [Fact]
    public void Write_TitleChangesBeforeTheFirstPage_EndedStreamStillStartsWithItsHeaders()
    {
        // Regression: a stream ended before its first page was published (two items 40 ms apart, 100 ms pages)
        // used to put its EOS page on air without its BOS and comment pages.
        var (encoder, buffer) = Create();
        using (encoder)
        {
            Feed(encoder, 1.0, (0, "Jingle"), (1920, "Song"));
        }

        var streams = SplitStreams(OggPageParser.ParseAll(Concat(buffer, buffer.Tail)));
        Assert.Equal(2, streams.Count);
        Assert.Equal(3, streams[0].Count); // OpusHead, OpusTags, and one EOS page with 2 packets plus the flush packet
        Assert.Equal(3, streams[0][2].Packets.Count);
        Assert.Equal(encoder.Lookahead + 1920, streams[0][2].Granule);
    }

    [Fact]
    public void Write_SeveralTitleChanges_GranulesIncreaseMonotonicallyWithinEachStream()
    {
        var (encoder, buffer) = Create();
        using (encoder)
        {
            Feed(encoder, 3.0, (0, "A"), (30_000, "B"), (75_001, "C"), (110_000, "D"));
        }

        var streams = SplitStreams(OggPageParser.ParseAll(Concat(buffer, buffer.Tail)));
        Assert.Equal(4, streams.Count);
        Assert.Equal(4, streams.Select(s => s[0].Serial).Distinct().Count());
        foreach (var stream in streams)
        {
            Assert.Equal(0, stream[0].Granule); // OpusHead
            Assert.Equal(0, stream[1].Granule); // OpusTags
            long previous = 0;
            foreach (var page in stream.Skip(2))
            {
                Assert.True(page.Granule > previous, $"granule {page.Granule} after {previous}");
                if (!page.Eos)
                {
                    Assert.Equal(0, page.Granule % 960); // whole 20 ms packets; only the EOS page trims
                }

                previous = page.Granule;
            }
        }
    }

    [Fact]
    public async Task RunAsync_ListenerJoinsMidStream_BurstBeginsWithTheCurrentHeaderPages()
    {
        var (encoder, buffer) = Create();
        using (encoder)
        {
            Feed(encoder, 3.0, (0, "Old"), (Rate, "Current"));
        }

        // A burst of a few pages starts inside the second stream, on a chunk that does not begin with its headers.
        long burstStart = buffer.BurstStart(2000);
        Assert.True(buffer.TryRead(burstStart, out var startChunk) == ChunkRead.Ok);
        Assert.False(startChunk!.Preamble!.StartsWithIt);

        byte[] received = await ListenAsync(buffer, burstBytes: 2000);
        var pages = OggPageParser.ParseAll(received);
        Assert.True(pages[0].Bos);
        Assert.Equal("OpusHead"u8.ToArray(), pages[0].Packets[0][..8]);
        var (_, comments, _) = OpusHeadersTests.ParseTags(Assert.Single(pages[1].Packets));
        Assert.Contains("TITLE=Current", comments);
        Assert.Single(pages.Select(p => p.Serial).Distinct());
        Assert.Single(pages, p => p.Bos);
        Assert.All(pages, p => Assert.Equal(p.ComputedCrc, p.StoredCrc));
        // After the headers the pages continue where the burst starts: the stream's sequence numbers jump, its granules run on.
        Assert.True(pages[2].Sequence > 2);
        Assert.True(pages[2].Granule > 0);
    }

    [Fact]
    public async Task RunAsync_BurstStartsAtTheStreamsFirstChunk_HeadersAreNotSentTwice()
    {
        var (encoder, buffer) = Create();
        using (encoder)
        {
            Feed(encoder, 1.0, (0, "Only"));
        }

        byte[] received = await ListenAsync(buffer, burstBytes: long.MaxValue);
        var pages = OggPageParser.ParseAll(received);
        Assert.Single(pages, p => p.Bos);
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => (uint)i), pages.Select(p => p.Sequence));
    }

    [Fact]
    public void Write_Resampled44100Mono_ValidStreamAtOpusRate()
    {
        var buffer = new BroadcastBuffer(10_000_000, TimeSpan.FromMilliseconds(500));
        using (var encoder = new OpusMountEncoder(new OpusEncoderSettings(44100, 2, 1, 32, Complexity: 0), buffer, TimeSpan.FromMilliseconds(100)))
        {
            Feed(encoder, 2.0, (0, "Mono"), rate: 44100, blockFrames: 1103);
            Assert.InRange(encoder.EncodedSeconds, 1.9, 2.0);
        }

        var pages = OggPageParser.ParseAll(Concat(buffer, buffer.Tail));
        Assert.All(pages, p => Assert.Equal(p.ComputedCrc, p.StoredCrc));
        byte[] head = pages[0].Packets[0];
        Assert.Equal(1, head[9]);
        Assert.Equal(44100, BitConverter.ToInt32(head, 12));
    }

    internal static (OpusMountEncoder Encoder, BroadcastBuffer Buffer) Create()
    {
        var buffer = new BroadcastBuffer(10_000_000, TimeSpan.FromMilliseconds(500));
        // Complexity 0: the page structure does not depend on it, and the tests run twice as fast.
        var encoder = new OpusMountEncoder(new OpusEncoderSettings(Rate, 2, 2, 64, Complexity: 0), buffer, TimeSpan.FromMilliseconds(100));
        return (encoder, buffer);
    }

    /// <summary>Feeds <paramref name="seconds"/> of a 440 Hz tone in blocks, with track starts at the given bus frames.</summary>
    internal static void Feed(IPcmSink encoder, double seconds, params (long Frame, string Title)[] starts) =>
        Feed(encoder, seconds, starts, Rate, BlockFrames);

    private static void Feed(IPcmSink encoder, double seconds, (long Frame, string Title) start, int rate, int blockFrames) =>
        Feed(encoder, seconds, [start], rate, blockFrames);

    private static void Feed(IPcmSink encoder, double seconds, (long Frame, string Title)[] starts, int rate, int blockFrames)
    {
        var block = new PcmBlock(blockFrames, 2);
        long total = (long)(seconds * rate);
        for (long first = 0; first < total; first += blockFrames)
        {
            block.Reset(first);
            foreach (var (frame, title) in starts)
            {
                if (frame >= first && frame < first + blockFrames)
                {
                    block.AddTrackStart(new TrackStart(frame, new PlayoutItem(new TrackInfo($"/{title}.mp3", null, title, null), "test"), null));
                }
            }

            for (int i = 0; i < blockFrames; i++)
            {
                float v = 0.3f * MathF.Sin(2 * MathF.PI * 440 * (first + i) / rate);
                block.Buffer[2 * i] = v;
                block.Buffer[(2 * i) + 1] = v;
            }

            encoder.Write(block);
        }
    }

    internal static byte[] Concat(BroadcastBuffer buffer, long from)
    {
        var stream = new MemoryStream();
        for (long seq = from; buffer.TryRead(seq, out var chunk) == ChunkRead.Ok; seq++)
        {
            stream.Write(chunk!.Data.Span);
        }

        return stream.ToArray();
    }

    /// <summary>Splits chained pages into logical streams, asserting that a stream never interleaves with another.</summary>
    private static List<List<ParsedPage>> SplitStreams(List<ParsedPage> pages)
    {
        var streams = new List<List<ParsedPage>>();
        foreach (var page in pages)
        {
            if (streams.Count == 0 || streams[^1][0].Serial != page.Serial)
            {
                Assert.True(page.Bos, "a new serial must start with a BOS page");
                Assert.DoesNotContain(streams, s => s[0].Serial == page.Serial);
                if (streams.Count > 0)
                {
                    Assert.True(streams[^1][^1].Eos, "a chained stream must end with EOS before the next starts");
                }

                streams.Add([]);
            }

            streams[^1].Add(page);
        }

        return streams;
    }

    private static async Task<byte[]> ListenAsync(BroadcastBuffer buffer, long burstBytes)
    {
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var pump = ListenerPump.RunAsync(new PipeListenerOutput(pipe.Writer), buffer, new ListenerPumpOptions(burstBytes, TimeSpan.FromSeconds(30), TimeProvider.System), null, null, cts.Token);
        // The pump writes everything it can read, then flushes once: the first read holds the whole burst.
        var read = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        byte[] received = read.Buffer.ToArray();
        pipe.Reader.AdvanceTo(read.Buffer.End);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
        return received;
    }
}

using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Library;
using RadioServer.Streaming.Hls;
using RadioServer.TestSupport;

namespace RadioServer.Streaming.Tests.Hls;

/// <summary>The HLS encoders on real LAME: segment lengths and timestamps, and the item tags against the decoded audio.</summary>
public class HlsOutputTests
{
    private const int Rate = 44100;
    private const long FirstSequence = 449_135_100;

    private static readonly HlsOptions Options = new()
    {
        SegmentSeconds = 4,
        Renditions =
        [
            new HlsRenditionOptions { Name = "standard", Bitrate = 96, SampleRate = 44100, Channels = 2 },
            new HlsRenditionOptions { Name = "saver", Bitrate = 32, SampleRate = 22050, Channels = 1 },
        ],
    };

    /// <summary>Runs <paramref name="seconds"/> of a tone (440 Hz, then 880 Hz from <paramref name="changeAt"/> with an item start there) through the output.</summary>
    private static List<HlsSegmentAudio> Run(double seconds, double? changeAt, DateTimeOffset start, string title = "Ọjọ́ Ayọ̀ (Sunday Morning)", string artist = "Adébáyọ̀",
        double? stallAt = null, double stallSeconds = 0)
    {
        var segments = new List<HlsSegmentAudio>();
        var air = new AirClock(Rate);
        air.Anchor(0, start);
        using var output = new HlsOutput(Options, Rate, 2, air, FirstSequence, segments.Add);
        var block = new PcmBlock(Rate / 20, 2);
        long change = changeAt is { } c ? (long)(c * Rate) : long.MaxValue;
        var item = new PlayoutItem(new TrackInfo("/music/b.mp3", artist, title, null), "test");
        for (long frame = 0; frame < seconds * Rate; frame += block.Frames)
        {
            block.Reset(frame);
            if (change >= frame && change < frame + block.Frames)
            {
                block.AddTrackStart(new TrackStart(change, item, null));
            }

            for (int i = 0; i < block.Frames; i++)
            {
                long n = frame + i;
                float v = 0.4f * MathF.Sin(2 * MathF.PI * (n < change ? 440 : 880) * n / Rate);
                block.Buffer[2 * i] = v;
                block.Buffer[(2 * i) + 1] = v;
            }

            output.Write(block);
            if (stallAt is { } stall && frame < stall * Rate && frame + block.Frames >= stall * Rate)
            {
                // The playout stalled longer than its clock catches up from: the station anchors its air clock again.
                long next = frame + block.Frames;
                air.Anchor(next, start + TimeSpan.FromSeconds((double)next / Rate) + TimeSpan.FromSeconds(stallSeconds));
            }
        }

        return segments;
    }

    [Fact]
    public void Segments_ReleasedOnceStored_TheNextReuseTheirArrays()
    {
        // Bound: under a tenth of a segment allocated per segment once warm, where every 192 kbps segment (about 96 KB,
        // a large object) was a new array. The store releases each segment it has written; so does this callback.
        var high = new HlsOptions { SegmentSeconds = 4, Renditions = [new HlsRenditionOptions { Name = "high", Bitrate = 192, SampleRate = 44100, Channels = 2 }] };
        var air = new AirClock(Rate);
        air.Anchor(0, new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero));
        long segmentBytes = 0;
        int segments = 0;
        using var output = new HlsOutput(high, Rate, 2, air, FirstSequence, segment =>
        {
            segmentBytes += segment.Bytes.Length;
            segments++;
            segment.Release();
        });
        var block = new PcmBlock(Rate / 20, 2);
        long frame = 0;
        void Play(double seconds)
        {
            for (long end = frame + (long)(seconds * Rate); frame < end; frame += block.Frames)
            {
                block.Reset(frame);
                for (int i = 0; i < block.Frames; i++)
                {
                    float v = 0.4f * MathF.Sin(2 * MathF.PI * 440 * (frame + i) / Rate);
                    block.Buffer[2 * i] = v;
                    block.Buffer[(2 * i) + 1] = v;
                }

                output.Write(block);
            }
        }

        Play(12); // warm: the encoder's buffers sized, a first array rented
        int warm = segments;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Play(40);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int measured = segments - warm;

        Assert.InRange(measured, 9, 11);
        Assert.InRange(segmentBytes / segments, 90_000, 105_000);
        Assert.True(allocated < measured * 9_000, $"{allocated:N0} bytes allocated for {measured} segments");
    }

    [Fact]
    public void Segments_AreWholeFramesWithinOnePercentOfTheTarget_AndContiguousInEveryRendition()
    {
        var start = new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
        var all = Run(41, null, start);
        var byRendition = all.GroupBy(s => s.Rendition).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(2, byRendition.Count);
        Assert.Equal(byRendition[0].Count, byRendition[1].Count);
        Assert.InRange(byRendition[0].Count, 9, 10);
        int framesPerSegment = HlsOutput.FramesPer(Options);
        long first0Pts = start.ToUnixTimeMilliseconds() * 90 % (1L << 33);
        foreach (var (rendition, segments) in byRendition)
        {
            var reader = new TsSegments(); // one reader per rendition: continuity counters run on from segment to segment
            for (int i = 0; i < segments.Count; i++)
            {
                var s = segments[i];
                var read = reader.Read(s.Bytes.ToArray());
                Assert.Equal(rendition == 0 ? 0x03 : 0x04, read.AudioStreamType); // MPEG-1 audio, MPEG-2 audio
                Assert.Equal(((s.Pts90k % (1L << 33)) + (1L << 33)) % (1L << 33), read.FirstPts);
                Assert.Equal(framesPerSegment, read.Frames.Count);
                Assert.Equal(rendition == 0 ? 44100 : 22050, read.Frames[0].SampleRate);
                double duration = read.Frames.Sum(f => (double)f.SamplesPerFrame / f.SampleRate);
                Assert.Equal(duration, s.Duration, 9);
                Assert.InRange(duration, 3.96, 4.04); // within 1 % of 4 s
                int framesBefore = 0;
                foreach (var pes in read.AudioPes)
                {
                    // Each PES is dated where the frames before it end.
                    double expected = framesBefore * read.SamplesPerFrame * 90000.0 / read.Frames[0].SampleRate;
                    Assert.InRange(pes.Pts - read.FirstPts - expected, -1, 1);
                    framesBefore += TsSegments.FramesIn(pes);
                }

                if (i > 0)
                {
                    var before = segments[i - 1];
                    Assert.InRange(s.Pts90k - before.Pts90k - (before.Duration * 90000), -1, 1); // no gap, no overlap
                    Assert.InRange((s.ProgramDateTime - before.ProgramDateTime).TotalSeconds - before.Duration, -1e-4, 1e-4);
                }

                Assert.Equal(FirstSequence + i, s.Sequence); // numbered alike in every rendition
                // Both renditions cover the same instants (LAME's delay, 13 or 26 ms here, shifts them apart by less than a frame), and a
                // timestamp is an air time: the same bus sample has the same timestamp in both.
                Assert.InRange((byRendition[0][i].ProgramDateTime - s.ProgramDateTime).TotalMilliseconds, -27, 27);
                Assert.InRange(s.Pts90k - first0Pts - ((s.ProgramDateTime - start).TotalSeconds * 90000), -1.5, 1.5);
            }
        }

        // The multivariant playlist's bandwidths are what the segments really take (average within 5 %, peak above every segment).
        string[] variants = HlsPlaylist.Multivariant(Options).Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal)).ToArray();
        for (int r = 0; r < 2; r++)
        {
            var attributes = variants[r]["#EXT-X-STREAM-INF:".Length..].Split(',').Where(a => a.Contains('=', StringComparison.Ordinal))
                .ToDictionary(a => a[..a.IndexOf('=', StringComparison.Ordinal)], a => a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var rates = byRendition[r].Select(s => s.Bytes.Length * 8 / s.Duration).ToList();
            Assert.InRange(double.Parse(attributes["AVERAGE-BANDWIDTH"], System.Globalization.CultureInfo.InvariantCulture) / rates.Average(), 0.95, 1.05);
            Assert.True(double.Parse(attributes["BANDWIDTH"], System.Globalization.CultureInfo.InvariantCulture) >= rates.Max());
        }

        // The clock: the first sample went on the air when the first block came, and timestamps count from that instant.
        var first = byRendition[0][0];
        Assert.InRange((first.ProgramDateTime - start).TotalMilliseconds, -60, 0); // less LAME's delay (about 25 ms)
        Assert.Equal(first0Pts + Math.Round((first.ProgramDateTime - start).TotalSeconds * 90000), first.Pts90k, 1.0);
    }

    [Fact]
    public void ItemStart_OneTimedTitleInTheSegmentWhereTheItemsFirstSampleIs_AtTheTimeTheToneChanges()
    {
        var start = new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
        const double changeAt = 9.3; // in the third segment
        var all = Run(17, changeAt, start);
        foreach (var rendition in all.GroupBy(s => s.Rendition))
        {
            var reader = new TsSegments();
            var tagged = rendition.Select(s => (Segment: s, Read: reader.Read(s.Bytes.ToArray()))).SelectMany(x => x.Read.Tags.Select(t => (x.Segment, x.Read, t.Pts, t.Tag))).ToList();
            var (segment, read, pts, tag) = Assert.Single(tagged);
            Assert.Equal("Ọjọ́ Ayọ̀ (Sunday Morning)", tag.Text("TIT2"));
            Assert.Equal("Adébáyọ̀", tag.Text("TPE1"));
            Assert.Equal("b.mp3", tag.UserText(HlsId3.ItemDescription));
            var aired = DateTimeOffset.Parse(tag.UserText(HlsId3.AiredDescription)!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange((aired - (start + TimeSpan.FromSeconds(changeAt))).TotalMilliseconds, -30, 30);

            // The segment is the one on the air at the item's start, and the tag's timestamp is the item's air time...
            Assert.InRange(aired, segment.ProgramDateTime, segment.ProgramDateTime + TimeSpan.FromSeconds(segment.Duration));
            double offset = (pts - read.FirstPts) / 90000.0;
            Assert.Equal((aired - segment.ProgramDateTime).TotalSeconds, offset, 0.001);

            // ...where, decoded alone (no bit reservoir: it needs no segment before it), 880 Hz begins.
            var (mono, rate) = ToneAnalysis.DecodeToMono(read.Audio);
            int heard = ToneAnalysis.FirstSampleOf(mono, rate, 880, 440);
            Assert.True(heard > 0, "880 Hz is heard in the segment");
            Assert.InRange((heard / (double)rate) - offset, -0.027, 0.08); // a frame's length, the decoder's delay and the detector's window
        }
    }

    [Fact]
    public void Stall_TheSegmentEndsShort_AndTheNextIsADiscontinuityDatedOnTheWallClock()
    {
        var start = new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
        var all = Run(30, null, start, stallAt: 10, stallSeconds: 5);
        foreach (var segments in all.GroupBy(s => s.Rendition).Select(g => g.ToList()))
        {
            int broken = segments.FindIndex(s => s.Discontinuity);
            Assert.Equal(3, broken); // segments 0-1 whole, 2 cut short at the stall
            Assert.Single(segments, s => s.Discontinuity);
            Assert.Equal(Enumerable.Range(0, segments.Count).Select(i => FirstSequence + i), segments.Select(s => s.Sequence)); // no number skipped or repeated
            Assert.InRange(segments[2].Duration, 1.9, 2.1);
            Assert.InRange(segments[3].Duration, 3.96, 4.04);
            var jump = segments[3].ProgramDateTime - segments[2].End();
            Assert.InRange(jump.TotalSeconds, 4.9, 5.1); // the stall, not hidden
            long start0 = start.ToUnixTimeMilliseconds() * 90 % (1L << 33);
            Assert.InRange(segments[3].Pts90k - start0 - ((segments[3].ProgramDateTime - start).TotalSeconds * 90000), -1.5, 1.5);
            for (int i = 4; i < segments.Count; i++)
            {
                Assert.InRange((segments[i].ProgramDateTime - segments[i - 1].End()).TotalMilliseconds, -0.1, 0.1);
            }
        }
    }
}

internal static class HlsSegmentAudioEnd
{
    public static DateTimeOffset End(this HlsSegmentAudio s) => s.ProgramDateTime + TimeSpan.FromSeconds(s.Duration);
}

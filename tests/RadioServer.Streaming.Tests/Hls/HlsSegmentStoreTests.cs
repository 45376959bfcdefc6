using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Streaming.Hls;

namespace RadioServer.Streaming.Tests.Hls;

/// <summary>The rewind window on disk: bounded, cleaned, and kept across a restart.</summary>
public sealed class HlsSegmentStoreTests : IDisposable
{
    private const double Seconds = 3.996734693877551;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hls-store-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero));

    private static readonly HlsOptions Options = new()
    {
        WindowMinutes = 1,
        Renditions = [new HlsRenditionOptions { Name = "standard" }, new HlsRenditionOptions { Name = "saver", Bitrate = 32, SampleRate = 22050, Channels = 1 }],
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private HlsSegmentStore Open() => new(_folder, Options, _time, NullLogger.Instance);

    /// <summary>Stores one segment per rendition, aired up to now, and moves the clock on by its length.</summary>
    private async Task AirAsync(HlsSegmentStore store, int count = 1)
    {
        for (int n = 0; n < count; n++)
        {
            _time.Advance(TimeSpan.FromSeconds(Seconds));
            var aired = _time.GetUtcNow() - TimeSpan.FromSeconds(Seconds);
            for (int r = 0; r < 2; r++)
            {
                byte[] bytes = new byte[188 * (3 + r)];
                await store.StoreAsync(new HlsSegmentAudio(r, aired.ToUnixTimeMilliseconds() * 90, Seconds, aired, bytes, []));
            }
        }
    }

    private int FilesOnDisk(string rendition) => Directory.GetFiles(Path.Combine(_folder, rendition), "*.ts").Length;

    [Fact]
    public async Task Window_SegmentsOlderThanTheWindowAreDeleted_DiskStaysBounded()
    {
        using var store = Open();
        await AirAsync(store, 60); // four minutes into a one-minute window
        var segments = store.Segments(0);
        Assert.InRange(segments.Count, 15, 16);
        Assert.Equal(59, segments[^1].Sequence);
        Assert.True(segments[0].End >= _time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(segments.Count, FilesOnDisk("standard"));
        Assert.Equal(store.Segments(1).Count, FilesOnDisk("saver"));
        Assert.Equal(segments.Sum(s => s.Length) + store.Segments(1).Sum(s => s.Length), store.DiskBytes);
        Assert.True(segments.Zip(segments.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1));
    }

    [Fact]
    public async Task Restart_AiredSegmentsAreStillServed_NumberingGoesOn_AndTheBreakIsADiscontinuity()
    {
        using (var before = Open())
        {
            await AirAsync(before, 5);
        }

        _time.Advance(TimeSpan.FromSeconds(20)); // the station was down for 20 s
        using var after = Open();
        Assert.Equal([0L, 1, 2, 3, 4], after.Segments(0).Select(s => s.Sequence));
        Assert.True(File.Exists(after.PathOf(0, after.Segments(0)[0])));
        await AirAsync(after, 2);
        var segments = after.Segments(0);
        Assert.Equal(7, segments.Count);
        Assert.True(segments[5].Discontinuity);
        Assert.False(segments[6].Discontinuity);
        Assert.Equal(segments.Select(s => s.Sequence), after.Segments(1).Select(s => s.Sequence));

        string playlist = HlsPlaylist.Media("standard", segments, 0, after.DiscontinuitiesBefore(0), 4);
        string[] lines = playlist.Split('\n');
        int discontinuity = Array.IndexOf(lines, "#EXT-X-DISCONTINUITY");
        Assert.Equal("standard/00000005.ts", lines[discontinuity + 3]);
        Assert.Single(lines, l => l == "#EXT-X-DISCONTINUITY");
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:0", lines);

        // Once the segment after the break leaves the window, its tag is counted in EXT-X-DISCONTINUITY-SEQUENCE.
        await AirAsync(after, 16);
        Assert.Equal(1, after.DiscontinuitiesBefore(0));
        Assert.DoesNotContain(after.Segments(0), s => s.Discontinuity);
    }

    [Fact]
    public async Task Restart_DamagedIndexAndStrayFiles_AreSkippedAndCleaned()
    {
        using (var before = Open())
        {
            await AirAsync(before, 3);
        }

        string folder = Path.Combine(_folder, "standard");
        File.AppendAllText(Path.Combine(folder, "segments.csv"), "this is not a segment\n7,x,4,0,1,0\n");
        File.WriteAllText(Path.Combine(folder, "00000099.ts"), "left by a crash");
        File.WriteAllText(Path.Combine(folder, "00000003.ts.part"), "half written");
        File.Delete(Path.Combine(folder, "00000001.ts")); // lost: the run breaks there

        using var after = Open();
        var segments = after.Segments(0);
        Assert.Equal([0L, 2], segments.Select(s => s.Sequence));
        Assert.True(segments[1].Discontinuity);
        Assert.Equal(["00000000.ts", "00000002.ts", "segments.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        await AirAsync(after);
        Assert.Equal(3, after.Segments(0)[^1].Sequence);
    }

    [Fact]
    public async Task TwoHourWindow_PastItsLength_WhatIsHeldAndOnDiskStaysBounded()
    {
        var options = Options with { WindowMinutes = 120 };
        using var store = new HlsSegmentStore(_folder, options, _time, NullLogger.Instance);
        async Task AirAsync(int count)
        {
            for (int n = 0; n < count; n++)
            {
                _time.Advance(TimeSpan.FromSeconds(Seconds));
                var aired = _time.GetUtcNow() - TimeSpan.FromSeconds(Seconds);
                for (int r = 0; r < 2; r++)
                {
                    await store.StoreAsync(new HlsSegmentAudio(r, aired.ToUnixTimeMilliseconds() * 90, Seconds, aired, new byte[188], []));
                }
            }
        }

        await AirAsync(1900); // a full window (1,802 segments of 4 s) and more
        await AirAsync(1000); // over an hour more
        Assert.InRange(store.Segments(0).Count, 1800, 1803); // what the store holds (about 100 bytes a segment) is the window alone
        Assert.Equal(store.Segments(0).Count, FilesOnDisk("standard"));
        Assert.Equal(store.Segments(1).Count, FilesOnDisk("saver"));
        Assert.InRange(new FileInfo(Path.Combine(_folder, "standard", "segments.csv")).Length, 1, 200 * 1803); // the index is compacted too
    }
}

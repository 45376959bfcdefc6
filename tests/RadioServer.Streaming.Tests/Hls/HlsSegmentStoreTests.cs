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

    private long _next;

    /// <summary>Opens the store, and numbers the next segments from where it says, as the encoders do.</summary>
    private HlsSegmentStore Open(HlsOptions? options = null)
    {
        var store = new HlsSegmentStore(_folder, options ?? Options, _time, NullLogger.Instance);
        _next = store.NextSequence;
        return store;
    }

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
                await store.StoreAsync(new HlsSegmentAudio(r, _next, aired.ToUnixTimeMilliseconds() * 90, Seconds, aired, bytes));
            }

            _next++;
        }
    }

    private int FilesOnDisk(string rendition) => Directory.GetFiles(Path.Combine(_folder, rendition), "*.ts").Length;

    [Fact]
    public async Task Window_SegmentsOlderThanTheWindowAreDeleted_DiskStaysBounded()
    {
        using var store = Open();
        long first = store.NextSequence;
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds() / 4, first); // no index yet: numbers start from the wall clock, never reused
        await AirAsync(store, 60); // four minutes into a one-minute window
        var segments = store.Segments(0);
        Assert.InRange(segments.Count, 22, 24); // the window, and 30 s of segments that left it, still served a while
        Assert.InRange(segments.Count - store.FirstInWindow(0), 15, 16); // what playlists start from
        Assert.Equal(first + 59, segments[^1].Sequence);
        Assert.True(segments[0].End >= _time.GetUtcNow() - TimeSpan.FromMinutes(1) - HlsSegmentStore.DeleteGrace);
        Assert.True(segments[store.FirstInWindow(0)].End >= _time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(segments.Count, FilesOnDisk("standard"));
        Assert.Equal(store.Segments(1).Count, FilesOnDisk("saver"));
        Assert.Equal(segments.Sum(s => s.Length) + store.Segments(1).Sum(s => s.Length), store.DiskBytes);
        Assert.True(segments.Zip(segments.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1));
    }

    [Fact]
    public async Task Restart_AiredSegmentsAreStillServed_NumberingGoesOn_AndTheBreakIsADiscontinuity()
    {
        long first;
        using (var before = Open())
        {
            first = before.NextSequence;
            await AirAsync(before, 5);
        }

        _time.Advance(TimeSpan.FromSeconds(20)); // the station was down for 20 s
        using var after = Open();
        Assert.Equal(first + 5, after.NextSequence);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => first + i), after.Segments(0).Select(s => s.Sequence));
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
        Assert.Equal($"standard/{HlsSegment.FileNameOf(first + 5)}", lines[discontinuity + 3]);
        Assert.Single(lines, l => l == "#EXT-X-DISCONTINUITY");
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:0", lines);

        // The segment after the break keeps its discontinuity number as the playlist slides: 1 while the tag is in the
        // playlist (first or not), and still 1 once it has left, through EXT-X-DISCONTINUITY-SEQUENCE.
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-DISCONTINUITY\n",
            HlsPlaylist.Media("standard", segments, 5, after.DiscontinuitiesBefore(0), 4), StringComparison.Ordinal);
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n", HlsPlaylist.Media("standard", segments, 6, after.DiscontinuitiesBefore(0), 4), StringComparison.Ordinal);
        await AirAsync(after, 24);
        Assert.Equal(1, after.DiscontinuitiesBefore(0));
        Assert.DoesNotContain(after.Segments(0), s => s.Discontinuity);
    }

    [Fact]
    public async Task Restart_DamagedIndexAndStrayFiles_AreSkippedAndCleaned()
    {
        long first;
        using (var before = Open())
        {
            first = before.NextSequence;
            await AirAsync(before, 3);
        }

        string folder = Path.Combine(_folder, "standard");
        File.AppendAllText(Path.Combine(folder, "segments.csv"), "this is not a segment\n7,x,4,0,1,0\n");
        File.WriteAllText(Path.Combine(folder, HlsSegment.FileNameOf(first + 99)), "left by a crash");
        File.WriteAllText(Path.Combine(folder, HlsSegment.FileNameOf(first + 3) + ".part"), "half written");
        File.Delete(Path.Combine(folder, HlsSegment.FileNameOf(first + 1))); // lost: the run breaks there

        using var after = Open();
        var segments = after.Segments(0);
        Assert.Equal([first, first + 2], segments.Select(s => s.Sequence));
        Assert.True(segments[1].Discontinuity);
        Assert.Equal([HlsSegment.FileNameOf(first), HlsSegment.FileNameOf(first + 2), "segments.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        await AirAsync(after);
        Assert.Equal(first + 3, after.Segments(0)[^1].Sequence);

        // The lost one keeps its number in playlists: a gap, so players count the files' own numbers.
        string playlist = HlsPlaylist.Media("standard", after.Segments(0), 0, 0, 4);
        Assert.Contains($"#EXT-X-GAP\n#EXTINF:{Seconds:0.000000},\nstandard/{HlsSegment.FileNameOf(first + 1)}\n", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:" + first, playlist, StringComparison.Ordinal);

        // A folder whose index is gone: its files are removed, and numbering starts from the wall clock, above them all.
        File.Delete(Path.Combine(folder, "segments.csv"));
        File.Delete(Path.Combine(_folder, "saver", "segments.csv"));
        _time.Advance(TimeSpan.FromMinutes(1));
        using var wiped = Open();
        Assert.Empty(Directory.GetFiles(folder));
        Assert.True(wiped.NextSequence > first + 3);
    }

    [Fact]
    public async Task TwoHourWindow_PastItsLength_WhatIsHeldAndOnDiskStaysBounded()
    {
        using var store = Open(Options with { WindowMinutes = 120 });
        await AirAsync(store, 1900); // a full window (1,802 segments of 4 s) and more
        await AirAsync(store, 1000); // over an hour more
        Assert.InRange(store.Segments(0).Count, 1807, 1811); // what the store holds (about 100 bytes a segment) is the window (and 30 s) alone
        Assert.Equal(store.Segments(0).Count, FilesOnDisk("standard"));
        Assert.Equal(store.Segments(1).Count, FilesOnDisk("saver"));
        Assert.InRange(new FileInfo(Path.Combine(_folder, "standard", "segments.csv")).Length, 1, 200 * 1811); // the index is compacted too
    }
}

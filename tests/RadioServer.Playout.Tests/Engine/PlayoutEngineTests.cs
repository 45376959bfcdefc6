using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;

namespace RadioServer.Playout.Tests.Engine;

public class PlayoutEngineTests
{
    [Fact]
    public void RenderNextBlock_BrokenFilesInPlaylist_AreSkippedWithOneLogLineEachAndGoodFilePlays()
    {
        string dir = DemoFiles.TempDir();
        byte[] good = File.ReadAllBytes(DemoFiles.Cbr44Stereo);
        File.WriteAllBytes(Path.Combine(dir, "zero.mp3"), []);
        var walker = new RadioServer.Playout.Formats.Mp3FrameWalker(new MemoryStream(good));
        Assert.True(walker.MoveNext());
        // Half a second of audio, ending inside a frame: too little of a damaged file to air (a longer cut would play).
        File.WriteAllBytes(Path.Combine(dir, "cut.mp3"), good.AsSpan(0, (int)walker.Position + 8001).ToArray());
        File.WriteAllBytes(Path.Combine(dir, "text.mp3"), "this is not audio at all\n"u8.ToArray());
        File.Copy(DemoFiles.Cbr44Stereo, Path.Combine(dir, "good.mp3"));
        string m3u = Path.Combine(dir, "list.m3u");
        File.WriteAllLines(m3u, ["missing.mp3", "zero.mp3", "cut.mp3", "text.mp3", "good.mp3"]);

        var logger = new ListLogger();
        var bus = new PcmBus(StationFormat.Default);
        var sink = new RecordingSink();
        bus.Attach(sink);
        using var engine = new PlayoutEngine(new PlaylistRotation(m3u, logger), new Mp3ItemOpener(StationFormat.Default), bus, logger, TimeSpan.FromMilliseconds(50));
        for (int i = 0; i < 40; i++)
        {
            engine.RenderNextBlock();
        }

        var skipped = logger.Lines.Where(l => l.Contains("Skipped", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, skipped.Count);
        Assert.Contains(skipped, l => l.Contains("missing.mp3: file not found", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("zero.mp3: empty file", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("cut.mp3: damaged (truncated", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("text.mp3: no run of valid MPEG audio frames", StringComparison.Ordinal));
        var start = Assert.Single(sink.Starts);
        Assert.Equal(0, start.BusFrame);
        Assert.EndsWith("good.mp3", start.Item.Track.Path, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Contains("On air: Adébáyọ̀ Ọlá - Ọjọ́ Ayọ̀", StringComparison.Ordinal) && l.Contains("entry 5 of 5", StringComparison.Ordinal));
        Assert.Equal(40L * engine.BlockFrames, sink.Frames);
    }

    [Fact]
    public void RenderNextBlock_NothingPlayable_PublishesSilenceAndKeepsGoing()
    {
        string dir = DemoFiles.TempDir();
        string m3u = Path.Combine(dir, "list.m3u");
        File.WriteAllLines(m3u, ["gone1.mp3", "gone2.mp3"]);
        var logger = new ListLogger();
        var bus = new PcmBus(StationFormat.Default);
        var sink = new RecordingSink();
        bus.Attach(sink);
        using var engine = new PlayoutEngine(new PlaylistRotation(m3u, logger), new Mp3ItemOpener(StationFormat.Default), bus, logger, TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < 100; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.Equal(100L * engine.BlockFrames, sink.Frames);
        Assert.Equal(sink.Frames * 2, sink.ZeroSamples);
        Assert.Single(logger.Lines, l => l.Contains("Nothing playable", StringComparison.Ordinal));
        // It backs off (1 s, 2 s, 4 s …) rather than hammering the disk every block: 4 rounds in 10 s.
        Assert.Equal(4 * PlayoutEngine.MaxConsecutiveFailures, logger.Lines.Count(l => l.Contains("Skipped", StringComparison.Ordinal)));
    }

    [Fact]
    public void RenderNextBlock_EmptyPlaylistFolder_PlaysSilence()
    {
        var bus = new PcmBus(StationFormat.Default);
        var sink = new RecordingSink();
        bus.Attach(sink);
        using var engine = new PlayoutEngine(new PlaylistRotation(DemoFiles.TempDir()), new Mp3ItemOpener(StationFormat.Default), bus, new ListLogger(), TimeSpan.FromMilliseconds(100));
        engine.RenderNextBlock();
        Assert.Equal(engine.BlockFrames, sink.Frames);
    }
}

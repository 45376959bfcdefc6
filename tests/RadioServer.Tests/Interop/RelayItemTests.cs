using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Interop;

/// <summary>A playlist item that is an upstream stream (e.g. a network news feed), relayed into our bus for its length.</summary>
[Trait("Layer", "Interop")]
public class RelayItemTests
{
    [Fact]
    public async Task RelayItem_UpstreamUp_IsRelayedForItsLengthThenPlaylistContinues()
    {
        string upDir = StationHost.TempDir();
        ToneLibrary.Create(upDir, "news.mp3", 1000, 10, "Network", "News Feed");
        await using var upstream = await StationHost.StartAsync(upDir, "news.mp3");

        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "local.mp3", 440, 3, "Local", "Song");
        File.WriteAllText(Path.Combine(dir, "list.m3u"), $"#EXTM3U\n#EXTINF:3,Network News at Noon\n{upstream.Mount()}\nlocal.mp3\n");
        await using var host = await StationHost.StartAsync(dir, "list.m3u");
        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadForAsync(TimeSpan.FromSeconds(7));

        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        var heard = ToneAnalysis.ToneSequence(mono, rate, [440, 1000]);
        Assert.Equal([1000.0, 440.0], heard.Take(2));
        Assert.Contains(listener.Titles, t => t.Title == "Network News at Noon");
        Assert.Contains(host.Logs.Lines, l => l.Contains("Relay item: receiving", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RelayItem_UpstreamDown_FallsBackToTheNextItem()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "local.mp3", 440, 3, "Local", "Song");
        int closedPort = IcecastServer.FreePort();
        File.WriteAllText(Path.Combine(dir, "list.m3u"), $"#EXTINF:60,Dead Feed\nhttp://127.0.0.1:{closedPort}/feed.mp3\nlocal.mp3\n");
        await using var host = await StationHost.StartAsync(dir, "list.m3u");
        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadForAsync(TimeSpan.FromSeconds(6));

        Assert.Contains(host.Logs.Lines, l => l.Contains("Relay item http://127.0.0.1:", StringComparison.Ordinal));
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Contains(440.0, ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
        Assert.Contains(listener.Titles, t => t.Title == "Local - Song");
    }
}

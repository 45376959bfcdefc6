using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public class BrokenFilesTests
{
    [Fact]
    public async Task Playlist_WithBrokenFiles_SkipsAndLogsEachWhileListenerKeepsReceiving()
    {
        string dir = StationHost.TempDir();
        string good = ToneLibrary.Create(dir, "good.mp3", 440, 2, "Good", "Tone");
        ToneLibrary.Create(dir, "other.mp3", 660, 2, "Other", "Tone");
        File.WriteAllBytes(Path.Combine(dir, "zero.mp3"), []);
        byte[] bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(Path.Combine(dir, "truncated.mp3"), bytes.AsSpan(0, (bytes.Length * 3 / 10) + 7).ToArray()); // 0.6 s left: under the 1 s a damaged file must keep
        File.WriteAllText(Path.Combine(dir, "notes.mp3"), "<html>not an mp3</html>\n");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["good.mp3", "missing.mp3", "zero.mp3", "truncated.mp3", "notes.mp3", "other.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u");
        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadForAsync(TimeSpan.FromSeconds(7));

        var skipped = host.Logs.Lines.Where(l => l.Contains("Skipped", StringComparison.Ordinal)).ToList();
        Assert.Contains(skipped, l => l.Contains("missing.mp3: file not found", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("zero.mp3: empty file", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("truncated.mp3: damaged (truncated", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("notes.mp3: no run of valid MPEG audio frames", StringComparison.Ordinal));

        // The listener never stalled: audio kept coming at the stream's rate, and both good tones were heard.
        var arrivals = listener.Arrivals.Where(a => a.Seconds > 0.5).ToList();
        for (int i = 1; i < arrivals.Count; i++)
        {
            Assert.True(arrivals[i].Seconds - arrivals[i - 1].Seconds < 1.5, $"gap in delivery at {arrivals[i - 1].Seconds:F1} s");
        }

        Assert.InRange(listener.Audio.Length, 16000 * 6, 16000 * 10);
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        var heard = ToneAnalysis.ToneSequence(mono, rate, [440, 660]);
        Assert.Contains(440.0, heard);
        Assert.Contains(660.0, heard);
    }
}

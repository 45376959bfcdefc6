using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public class StreamTimingTests
{
    [Fact]
    public async Task Listener_Over20Seconds_ReceivesAudioAtTheMountBitrateWithin1Percent()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "A", "A");
        ToneLibrary.Create(dir, "b.mp3", 550, 3, "B", "B", sampleRate: 22050, channels: 1, kbps: 48);
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u", "write_interval_milliseconds: 100");
        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadForAsync(TimeSpan.FromSeconds(23));

        // Skip the burst and the first second; measure between two arrivals ≥ 20 s apart.
        var arrivals = listener.Arrivals;
        var from = arrivals.First(a => a.Seconds >= 1.5);
        var to = arrivals[^1];
        Assert.True(to.Seconds - from.Seconds >= 20, $"measured only {to.Seconds - from.Seconds:F1} s");
        double bytesPerSecond = (to.Bytes - from.Bytes) / (to.Seconds - from.Seconds);
        Assert.InRange(bytesPerSecond, 16000 * 0.99, 16000 * 1.01);
    }
}

using System.Diagnostics;
using System.Net.Sockets;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public class SlowListenerTests
{
    [Fact]
    public async Task ListenerThatStopsReading_IsDroppedAloneWhileOthersKeepListening()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "burst_seconds: 1\nqueue_seconds: 3");
        var mount = host.Mounts.All.Single();

        // A client with a tiny receive window that never reads after the request.
        using var stalled = new TcpClient { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(host.BaseUri.Host, host.BaseUri.Port);
        await stalled.GetStream().WriteAsync("GET /stream.mp3 HTTP/1.0\r\n\r\n"u8.ToArray());
        await using var healthy = await IcyClient.ConnectAsync(host.Mount());
        var reading = healthy.ReadForAsync(TimeSpan.FromSeconds(60));

        var waited = Stopwatch.StartNew();
        while (!host.Logs.Lines.Any(l => l.Contains("fell more than 3 s behind", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(45))
        {
            await Task.Delay(200);
        }

        Assert.Contains(host.Logs.Lines, l => l.Contains("fell more than 3 s behind and was dropped", StringComparison.Ordinal));
        Assert.Equal(1, mount.Listeners);
        long before = healthy.Arrivals.Count > 0 ? healthy.Arrivals[^1].Bytes : 0;
        await Task.Delay(1500);
        Assert.True(healthy.Arrivals[^1].Bytes > before, "the healthy listener kept receiving");
        await healthy.DisposeAsync();
        await reading;
    }
}

using System.Net.Sockets;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public class ListenerLimitsTests
{
    [Fact]
    public async Task Limits_PerIpTotalHeaderTimeoutAndAccessLog_BehaveLikeIcecast()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        string log = Path.Combine(dir, "logs", "access.log");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "",
            "--station:maxconnectionsperip=1", "--station:headertimeoutseconds=1", "--station:accesslog=" + log);

        // Per-IP limit: the second connection from 127.0.0.1 is refused with a 403 and a reason.
        await using (var first = await IcyClient.ConnectAsync(host.Mount(), icyMetadata: false))
        {
            await using var second = await IcyClient.ConnectAsync(host.Mount());
            await second.ReadForAsync(TimeSpan.FromSeconds(1));
            Assert.StartsWith("HTTP/1.0 403 Forbidden", second.ResponseHead, StringComparison.Ordinal);
            Assert.Equal("too many connections from your address", System.Text.Encoding.UTF8.GetString(second.Audio));
            await first.ReadForAsync(TimeSpan.FromSeconds(1.5));
        }

        // Header timeout: a client that never finishes its request head is closed without a reply.
        using (var silent = new TcpClient())
        {
            await silent.ConnectAsync(host.BaseUri.Host, host.BaseUri.Port);
            await silent.GetStream().WriteAsync("GET /stream.mp3 HTTP/1.0\r\n"u8.ToArray());
            var buffer = new byte[16];
            int n = await silent.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(0, n);
        }

        // Access log: Icecast's combined format with the seconds connected, one line per listener.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((!File.Exists(log) || File.ReadAllLines(log).Length < 2) && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
        }

        var lines = File.ReadAllLines(log);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^127\.0\.0\.0 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] ""GET /stream\.mp3 HTTP/1\.0"" 200 \d+ ""-"" ""IcyClient/1\.0"" \d+$"));
        Assert.Contains(lines, l => l.Contains("\" 403 0 ", StringComparison.Ordinal));
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RadioServer.Configuration;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Safety;

/// <summary>Issue 17 "Limits": with the shipped defaults, a flood from one address is refused past the per-address limit, at once, while others keep their audio.</summary>
[Trait("Layer", "Server")]
public class EdgeLimitsTests
{
    [Fact]
    public async Task ThreeHundredConnections_FromOneAddress_RefusedPastTheDefaultLimit_OthersUnaffected()
    {
        var defaults = new StationOptions();
        Assert.True(defaults.MaxConnectionsPerIp is > 0 and < 300);
        Assert.True(defaults.MaxListeners > 0 && defaults.MaxConnections > 0 && defaults.MaxSseSubscribers > 0);
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        // StationHost lifts the per-address limit for the other tests; this one puts the shipped default back.
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "",
            "--station:max_connections_per_ip=" + defaults.MaxConnectionsPerIp.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using var bystander = await IcyClient.ConnectAsync(host.Mount(), icyMetadata: false, from: IPAddress.Parse("127.0.9.9"));
        Assert.StartsWith("HTTP/1.0 200", bystander.ResponseHead, StringComparison.Ordinal);
        await bystander.ReadForAsync(TimeSpan.FromSeconds(0.5));
        long before = bystander.Audio.Length;
        var listening = bystander.ReadForAsync(TimeSpan.FromSeconds(5)); // keeps reading through the flood

        var flood = new List<IcyClient>();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var connecting = Enumerable.Range(0, 300).Select(_ => IcyClient.ConnectAsync(host.Mount(), icyMetadata: false, from: IPAddress.Parse("127.0.4.4"))).ToList();
            flood.AddRange(await Task.WhenAll(connecting).WaitAsync(TimeSpan.FromSeconds(60)));
            int admitted = flood.Count(c => c.ResponseHead.StartsWith("HTTP/1.0 200", StringComparison.Ordinal));
            int refused = flood.Count(c => c.ResponseHead.StartsWith("HTTP/1.0 403", StringComparison.Ordinal));
            Assert.Equal(defaults.MaxConnectionsPerIp, admitted);
            Assert.Equal(300 - defaults.MaxConnectionsPerIp, refused);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"refusing took {started.Elapsed}");

            // The bystander's audio kept flowing at its rate (128 kbps = 16 kB/s) through the flood.
            await listening;
            Assert.True(bystander.Audio.Length - before > 4 * 16_000, $"the bystander got {bystander.Audio.Length - before} bytes in 5 s");
        }
        finally
        {
            foreach (var c in flood)
            {
                await c.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task PastMaxConnections_ANewConnectionGets503AtOnce_AndIsAdmittedAgainWhenOthersClose()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:max_connections=8");

        await using var bystander = await IcyClient.ConnectAsync(host.Mount(), icyMetadata: false);
        Assert.StartsWith("HTTP/1.0 200", bystander.ResponseHead, StringComparison.Ordinal);
        var idle = new List<System.Net.Sockets.TcpClient>();
        try
        {
            // Seven connections that say nothing fill the server to its eight (they would be closed after header_timeout).
            for (int i = 0; i < 7; i++)
            {
                var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, host.Mount().Port);
                idle.Add(tcp);
            }

            // Kestrel accepts in order but starts each connection's handler on the thread pool, so a ninth connection
            // could be counted before the eighth: wait until the server has counted all eight.
            var ceiling = host.Services.GetRequiredService<RadioServer.Safety.ConnectionCeiling>();
            await Until.AssertAsync(() => ceiling.Open == 8, "the server counting eight open connections", TimeSpan.FromSeconds(10));

            long before = bystander.Audio.Length;
            var started = System.Diagnostics.Stopwatch.StartNew();
            string head = await FirstAnswerAsync(host);
            Assert.StartsWith("HTTP/1.0 503", head, StringComparison.Ordinal);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"the refusal took {started.Elapsed}");
            Assert.Contains(host.Logs.Lines, l => l.Contains("Server full: 8 connections", StringComparison.Ordinal));

            await bystander.ReadUntilAudioPastAsync(before + 8_000, TimeSpan.FromSeconds(5));
            Assert.True(bystander.Audio.Length - before > 8_000, "the connected listener kept its audio");

            foreach (var tcp in idle)
            {
                tcp.Dispose();
            }

            idle.Clear();
            // The server sees the closes on its next read of each connection: a moment, not a fixed time.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            string again;
            while (!(again = await FirstAnswerAsync(host)).StartsWith("HTTP/1.0 200", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            Assert.StartsWith("HTTP/1.0 200", again, StringComparison.Ordinal);
            // One close already admits again (8 -> 7 open), but "no longer full" waits for the count to fall under
            // 90 % of the limit (hysteresis, so a server at its edge does not log every connection): the other
            // closes may still be on their way when the 200 arrives.
            await Until.AssertAsync(
                () => host.Logs.Lines.Any(l => l.Contains("Server no longer full", StringComparison.Ordinal)),
                "the \"no longer full\" log line", TimeSpan.FromSeconds(10));
        }
        finally
        {
            foreach (var tcp in idle)
            {
                tcp.Dispose();
            }
        }
    }

    /// <summary>A listener's request on its own connection; the first line of the answer.</summary>
    private static async Task<string> FirstAnswerAsync(StationHost host)
    {
        await using var client = await IcyClient.ConnectAsync(host.Mount(), icyMetadata: false);
        return client.ResponseHead;
    }
}

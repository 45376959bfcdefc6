using System.Net;
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
}

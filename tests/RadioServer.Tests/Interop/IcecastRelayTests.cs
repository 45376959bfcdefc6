using System.Text.Json;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Interop;

/// <summary>A real icecast2 relaying our mount (we are its master), and receiving our push (we are its source).</summary>
[Trait("Layer", "Interop")]
public class IcecastRelayTests
{
    [Fact]
    public async Task RealIcecast_RelaysOurMountAndReceivesOurPush_ServingDecodableAudioWithOurTitle()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Adébáyọ̀", "Ọjọ́ Ayọ̀");
        ToneLibrary.Create(dir, "b.mp3", 660, 4, "The Band", "Don't Stop; Go");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        int icecastPort = IcecastServer.FreePort();
        await using var station = await StationHost.StartAsync(dir, "list.m3u", "",
            "--station:push:0:mount=/stream.mp3", $"--station:push:0:url=http://127.0.0.1:{icecastPort}/pushed.mp3",
            "--station:push:0:password=" + IcecastServer.SourcePassword);
        await using var icecast = await IcecastServer.StartAsync(icecastPort, (station.BaseUri.Port, "/stream.mp3"));
        using var http = new HttpClient();

        foreach (string mount in new[] { "/relay.mp3", "/pushed.mp3" })
        {
            string? title = null;
            string json = "";
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (title is null && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(500);
                json = await http.GetStringAsync(icecast.Url("/status-json.xsl?mount=" + mount));
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.GetProperty("icestats").TryGetProperty("source", out var source) && source.TryGetProperty("title", out var t))
                {
                    title = t.ToString();
                }
            }

            // The relay and push mounts are declared with <charset>UTF-8</charset>, so Icecast keeps our UTF-8 titles.
            // (A relaying icecast2 2.4.4 records the title from the first change it sees, so tracks are short.)
            Assert.True(title is not null, mount + ": " + json + string.Join("\n", station.Logs.Lines.TakeLast(20)));
            Assert.Contains(title, new[] { "Adébáyọ̀ - Ọjọ́ Ayọ̀", "The Band - Don't Stop; Go" });

            var (exit, _, stderr, killed) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(30),
                "-nostdin", "-v", "error", "-i", icecast.Url(mount).ToString(), "-t", "4", "-f", "null", "-");
            Assert.False(killed, mount);
            Assert.Equal(0, exit);
            Assert.Equal("", stderr.Trim());
        }

        Assert.Contains(station.Logs.Lines, l => l.Contains("Pushing /stream.mp3 to", StringComparison.Ordinal));
    }
}

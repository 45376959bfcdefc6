using System.Net;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Metrics;

/// <summary><c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> on a real station with real listeners.</summary>
[Trait("Layer", "Server")]
public class MetricsEndpointsTests
{
    /// <summary>The Prometheus text exposition format 0.0.4, what /metrics has always served.</summary>
    internal const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http, StationHost host)
    {
        var response = await http.GetAsync(new Uri(host.BaseUri, "/metrics"));
        Assert.Equal(ContentType, response.Content.Headers.ContentType!.ToString());
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A station playing a 3 s tone on two mounts: /stream.mp3, and /mobile.mp3 at 32 kbps that takes one listener.</summary>
    internal static Task<StationHost> StartTwoMountsAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        return StationHost.StartAsync(dir, "a.mp3", "",
            "--station:mounts:1:path=/mobile.mp3", "--station:mounts:1:bitrate=32", "--station:mounts:1:maxlisteners=1");
    }

    [Fact]
    public async Task Metrics_ListenersOpenedAndClosed_CountsMatchAndParse()
    {
        await using var host = await StartTwoMountsAsync();
        using var http = new HttpClient();
        var a = await IcyClient.ConnectAsync(host.Mount());
        var b = await IcyClient.ConnectAsync(host.Mount());
        await using var c = await IcyClient.ConnectAsync(host.Mount("/mobile.mp3"));
        await using (var refused = await IcyClient.ConnectAsync(host.Mount("/mobile.mp3")))
        {
            Assert.StartsWith("HTTP/1.0 403", refused.ResponseHead, StringComparison.Ordinal);
        }

        await Task.WhenAll(a.ReadForAsync(TimeSpan.FromSeconds(1)), b.ReadForAsync(TimeSpan.FromSeconds(1)), c.ReadForAsync(TimeSpan.FromSeconds(1)));

        var m = await ScrapeAsync(http, host);
        Assert.Equal("gauge", m.Types["radioserver_listeners"]);
        Assert.Equal("counter", m.Types["radioserver_listener_connects_total"]);
        Assert.Equal(2, m.Value("radioserver_listeners", ("mount", "/stream.mp3")));
        Assert.Equal(1, m.Value("radioserver_listeners", ("mount", "/mobile.mp3")));
        Assert.Equal(2, m.Value("radioserver_listener_connects_total", ("mount", "/stream.mp3")));
        Assert.Equal(1, m.Value("radioserver_listener_connects_total", ("mount", "/mobile.mp3")));
        Assert.Equal(1, m.Value("radioserver_listener_rejections_total", ("mount", "/mobile.mp3"), ("reason", "mount_full")));
        Assert.Equal(0, m.Value("radioserver_listener_disconnects_total", ("reason", "closed"), ("mount", "/stream.mp3")));
        Assert.True(m.Value("radioserver_bytes_out_total", ("mount", "/stream.mp3")) >= a.Audio.Length + b.Audio.Length);
        Assert.True(m.Value("radioserver_encoder_encoded_seconds_total", ("mount", "/stream.mp3")) > 0.5);
        Assert.True(m.Value("radioserver_bus_seconds_total") > 0.5);
        Assert.InRange(m.Value("radioserver_item_progress_ratio"), 0, 1);
        Assert.InRange(m.Value("radioserver_item_duration_seconds"), 2.9, 3.1);
        // A tone is playing; the scrape may land on the encoder padding between two loops of the test file (seen up
        // to 150 ms, three blocks, before and after the move to meters), so a short silence must end, not merely be short.
        var silence = m;
        for (int i = 0; i < 10 && silence.Value("radioserver_silence_current_seconds") > 0.1; i++)
        {
            await Task.Delay(100);
            silence = await ScrapeAsync(http, host);
        }

        Assert.InRange(silence.Value("radioserver_silence_current_seconds"), 0, 0.1);

        await a.DisposeAsync();
        await b.DisposeAsync();
        for (int i = 0; i < 50 && m.Value("radioserver_listeners", ("mount", "/stream.mp3")) > 0; i++)
        {
            await Task.Delay(100);
            m = await ScrapeAsync(http, host);
        }

        Assert.Equal(0, m.Value("radioserver_listeners", ("mount", "/stream.mp3")));
        Assert.Equal(2, m.Value("radioserver_listener_disconnects_total", ("mount", "/stream.mp3"), ("reason", "closed")));
        Assert.Equal(0, m.Value("radioserver_listener_disconnects_total", ("mount", "/stream.mp3"), ("reason", "fell_behind")));
        Assert.Equal(1, m.Value("radioserver_listeners", ("mount", "/mobile.mp3")));
    }

    [Fact]
    public async Task Metrics_BrokenFileInThePlaylist_CountedAsFailedWhileTheGoodOneAirs()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "good.mp3", 440, 3, "Artist", "Good");
        File.WriteAllText(Path.Combine(dir, "broken.mp3"), "not audio at all\n");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["broken.mp3", "good.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u");
        using var http = new HttpClient();
        var m = await ScrapeAsync(http, host);
        for (int i = 0; i < 50 && m.Value("radioserver_items_aired_total") < 1; i++)
        {
            await Task.Delay(100);
            m = await ScrapeAsync(http, host);
        }

        Assert.True(m.Value("radioserver_items_aired_total") >= 1);
        Assert.True(m.Value("radioserver_items_failed_total") >= 1);
        Assert.Equal(0, m.Value("radioserver_items_decode_errors_total"));
        Assert.Equal(0, m.Value("radioserver_playout_stalls_total"));
        Assert.True(m.Value("radioserver_playout_late_blocks_total") >= 0);
    }

    [Fact]
    public async Task Metrics_SilentFileOnAir_CountsDeadAir()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "silence.mp3", 0, 5, "Nobody", "Silence");
        await using var host = await StationHost.StartAsync(dir, "silence.mp3");
        using var http = new HttpClient();
        var m = await ScrapeAsync(http, host);
        for (int i = 0; i < 50 && m.Value("radioserver_dead_air_seconds_total") <= 1; i++)
        {
            await Task.Delay(100);
            m = await ScrapeAsync(http, host);
        }

        Assert.True(m.Value("radioserver_dead_air_seconds_total") > 1, m.Value("radioserver_dead_air_seconds_total").ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(m.Value("radioserver_silence_current_seconds") > 1);
    }

    [Fact]
    public async Task Metrics_TwoStationsInOneProcess_EachExportsOnlyItsOwnMeters()
    {
        // Meters are subscribed by name process-wide; each host must still export only what its own components publish.
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        await using var first = await StationHost.StartAsync(dir, "a.mp3", "", "--station:mounts:1:path=/first.mp3", "--station:mounts:1:bitrate=32");
        await using var second = await StationHost.StartAsync(dir, "a.mp3");
        using var http = new HttpClient();
        await using var listener = await IcyClient.ConnectAsync(first.Mount());
        await listener.ReadForAsync(TimeSpan.FromMilliseconds(300));

        var one = await ScrapeAsync(http, first);
        var two = await ScrapeAsync(http, second);
        Assert.Equal(1, one.Value("radioserver_listeners", ("mount", "/stream.mp3")));
        Assert.Equal(0, two.Value("radioserver_listeners", ("mount", "/stream.mp3")));
        Assert.Contains(one.Series, s => s.Labels.GetValueOrDefault("mount") == "/first.mp3");
        Assert.DoesNotContain(two.Series, s => s.Labels.GetValueOrDefault("mount") == "/first.mp3");
        Assert.Equal(1, two.Series.Count(s => s.Family == "radioserver_items_aired_total"));
    }

    [Fact]
    public async Task Health_RunningStation_LiveAndReady()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "A", "A");
        await using var host = await StationHost.StartAsync(dir, "a.mp3");
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(host.BaseUri, "/healthz"))).StatusCode);
        for (int i = 0; i < 50 && host.Playout.Bus.FramesPublished == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(host.BaseUri, "/readyz"))).StatusCode);
    }

    [Fact]
    public void Parse_InvalidExposition_Throws()
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse("x{a=\"1\"} 1\nx{a=\"1\"} 2\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("x 1\n# TYPE x gauge\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("x{a=1} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("x one\n"));
        Assert.Equal(1.5, PrometheusText.Parse("# TYPE x gauge\nx{a=\"q\\\"\\n\"} 1.5\n").Value("x", ("a", "q\"\n")));
    }
}

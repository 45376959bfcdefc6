using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RadioServer.Hosting;
using RadioServer.Playout;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.Interop;

/// <summary>
/// The station page's HLS player in headless Chromium: hls.js plays the renditions, the title follows what is heard (the
/// segments' ID3 tags and program dates), the listener rewinds to an item minutes back and hears it from its start, and
/// returns to live. What is heard is checked by ear, as it were: a WebAudio analyser on the audio element finds the
/// tone, and every item is a tone of its own frequency.
/// </summary>
[Trait("Layer", "Interop")]
public class HlsPageBrowserTests(ITestOutputHelper output)
{
    private const double ItemSeconds = 15;

    /// <summary>The items: one tone each, 120 Hz apart (the analyser's bins are under 6 Hz wide).</summary>
    private static readonly (string Title, double Hz)[] Tones =
    [
        ("Ọjọ́ Ayọ̀ (Sunday Morning)", 330), ("Kelewele at Dusk", 450), ("Harmattan Haze", 570), ("Lagos Traffic Jam", 690),
        ("Okada Run", 810), ("Palm Wine Evening", 930), ("Danfo Driver", 1050), ("Third Mainland Bridge", 1170),
    ];

    /// <summary>
    /// In the page: a WebAudio analyser between the audio element and the speakers, and the strongest frequency it
    /// hears now; and the playhead's air time when playback last began.
    /// </summary>
    private const string ListenerScript = """
        (() => {
          const audio = document.getElementById('player');
          const ctx = new AudioContext();
          const analyser = ctx.createAnalyser();
          analyser.fftSize = 8192;
          analyser.smoothingTimeConstant = 0;
          ctx.createMediaElementSource(audio).connect(analyser);
          analyser.connect(ctx.destination);
          const bins = new Float32Array(analyser.frequencyBinCount);
          window.ear = {
            ctx,
            began: null,
            tone() {
              analyser.getFloatFrequencyData(bins);
              let best = 1;
              for (let i = 2; i < bins.length; i++) { if (bins[i] > bins[best]) { best = i; } }
              return { hz: best * ctx.sampleRate / analyser.fftSize, db: bins[best] };
            },
          };
          audio.addEventListener('playing', () => { window.ear.began = window.radio.playhead(); });
          return ctx.resume().then(() => ctx.state);
        })()
        """;

    /// <summary>What the page shows and plays now, for one consistent look.</summary>
    private const string LookScript = """
        (() => {
          const audio = document.getElementById('player');
          const tone = window.ear.tone();
          return {
            title: document.getElementById('np-title').textContent,
            status: document.getElementById('status').textContent,
            playhead: window.radio.playhead() || 0,
            currentTime: audio.currentTime,
            playing: !audio.paused && !audio.seeking && audio.readyState >= 3,
            began: window.ear.began || 0,
            hz: tone.hz,
            db: tone.db,
            at: window.radio.at(),
          };
        })()
        """;

    [Fact]
    public async Task Page_PlaysHlsThroughHlsJs_RewindsToAnItemThreeMinutesBackFromItsStart_AndReturnsToLive()
    {
        string dir = StationHost.TempDir();
        var files = new List<string>();
        for (int i = 0; i < Tones.Length; i++)
        {
            files.Add($"t{i}.mp3");
            ToneLibrary.Create(dir, files[^1], Tones[i].Hz, ItemSeconds, "The Tone Band", Tones[i].Title);
        }

        File.WriteAllLines(Path.Combine(dir, "list.m3u"), files);
        string config = StationHost.WriteConfig(dir, "list.m3u", "", $"""
            data_folder: "{Path.Combine(dir, "data")}"
            loudness_normalization: false
            hls:
              segment_seconds: 2
              window_minutes: 10
              renditions:
                - name: standard
                  bitrate: 96
                  sample_rate: 44100
                  channels: 2
                - name: saver
                  bitrate: 32
                  sample_rate: 22050
                  channels: 1
            """);

        // Four minutes of air before the listener comes, made as fast as the playout can go; then real time.
        await using var clock = new CatchUpClock(TimeSpan.FromMinutes(4));
        var app = RadioServerApp.Build(["--config", config, "--urls", "http://127.0.0.1:0"], clock.Time);
        try
        {
            clock.Start(app.Services.GetRequiredService<StationPlayout>().Clock);
            var catchUp = Stopwatch.StartNew();
            await app.StartAsync();
            await clock.CaughtUp.WaitAsync(TimeSpan.FromSeconds(150));
            output.WriteLine($"4 minutes of air made in {catchUp.Elapsed.TotalSeconds:F1} s ({clock.SlowSteps} slow steps)");
            Assert.Equal(0, clock.SlowSteps);
            var baseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            await RunListenerAsync(baseUri);
        }
        finally
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(cts.Token);
            await app.DisposeAsync();
        }
    }

    private async Task RunListenerAsync(Uri baseUri)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        var page = await http.GetAsync("");
        Assert.Contains("media-src 'self' blob:", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var script = await http.GetAsync("vendor/hls.light.min.js");
        Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType!.ToString());
        Assert.Contains("Apache License", await http.GetStringAsync("vendor/hls.js-LICENSE.txt"), StringComparison.Ordinal);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = 412, ["height"] = 900, ["deviceScaleFactor"] = 2, ["mobile"] = true,
        });
        await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(baseUri, "/").ToString() });
        await browser.WaitForAsync("document.readyState === 'complete' && !!window.radio && window.radio.mode() === 'hlsjs' && !!window.Hls", TimeSpan.FromSeconds(15));
        Assert.False((await browser.EvaluateAsync("document.getElementById('rewind').hidden")).GetBoolean());
        Assert.Equal("running", (await browser.EvaluateAsync(ListenerScript)).GetString());

        // Press play with a real mouse click: hls.js plays the multivariant playlist through Media Source Extensions.
        await browser.ClickAsync("play");

        await browser.WaitForAsync("document.getElementById('player').currentTime > 0.5 && isFinite(window.radio.playhead())", TimeSpan.FromSeconds(20));
        double t0 = (await browser.EvaluateAsync("document.getElementById('player').currentTime")).GetDouble();
        await Task.Delay(1500);
        double t1 = (await browser.EvaluateAsync("document.getElementById('player').currentTime")).GetDouble();
        string src = (await browser.EvaluateAsync("document.getElementById('player').currentSrc")).GetString()!;
        string url = (await browser.EvaluateAsync("window.radio.hls().url")).GetString()!;
        output.WriteLine($"live: currentTime {t0:F2} -> {t1:F2} s, media {src}, playlist {url}");
        Assert.True(t1 > t0 + 1, $"currentTime should advance: {t0} -> {t1}");
        Assert.StartsWith("blob:", src, StringComparison.Ordinal);
        Assert.EndsWith("/hls/live.m3u8", url, StringComparison.Ordinal);
        var live = await HeardAsync(browser, http, "live");
        Assert.InRange(Behind(live), 0, 30);

        // The title follows the track change as it is heard.
        string before = live.Title;
        await browser.WaitForAsync($"document.getElementById('np-title').textContent !== {JsonSerializer.Serialize(before)}", TimeSpan.FromSeconds(ItemSeconds + 10));
        var next = await HeardAsync(browser, http, "after the track change");
        Assert.NotEqual(before, next.Title);

        // Rewind to the newest item that started at least 3 minutes ago, from the history list.
        var items = await ItemsAsync(http);
        var target = items.Where(i => i.Start <= TimeProvider.System.GetUtcNow().AddMinutes(-3)).MaxBy(i => i.Start)!;
        output.WriteLine($"rewinding to {target.Title} of {target.Start:HH:mm:ss.fff} ({(TimeProvider.System.GetUtcNow() - target.Start).TotalSeconds:F0} s ago)");
        await browser.EvaluateAsync("window.ear.began = null");
        await browser.EvaluateAsync($"document.querySelector('#history button.jump[data-start=\"{target.StartText}\"]').click()");
        await browser.WaitForAsync("window.ear.began !== null && !document.getElementById('player').paused", TimeSpan.FromSeconds(15));
        double began = (await browser.EvaluateAsync("window.ear.began")).GetDouble();
        output.WriteLine($"playback began at {DateTimeOffset.FromUnixTimeMilliseconds((long)began):HH:mm:ss.fff}");
        Assert.InRange(began - target.Start.ToUnixTimeMilliseconds(), -300, 1500); // from its start, not before
        var rewound = await HeardAsync(browser, http, "rewound");
        Assert.Equal(target.Title, rewound.Title);
        Assert.InRange(rewound.Playhead - target.Start.ToUnixTimeMilliseconds(), 0, 5000);
        Assert.InRange(Behind(rewound), 170, 260);
        Assert.StartsWith("Rewound: 3:", rewound.Status, StringComparison.Ordinal);

        // The page read the item's ID3 tag from the segments (through hls.js): its title and artist, and an air time that
        // is the history's start.
        var tags = await browser.EvaluateAsync("window.radio.marks()");
        output.WriteLine($"ID3 item tags read: {tags.GetArrayLength()}");
        Assert.Contains(tags.EnumerateArray(), t => t.GetProperty("title").GetString() == target.Title && t.GetProperty("artist").GetString() == "The Tone Band"
            && Math.Abs(t.GetProperty("start").GetDouble() - target.Start.ToUnixTimeMilliseconds()) < 60);
        Assert.Contains(tags.EnumerateArray(), t => t.GetProperty("title").GetString() == Tones[0].Title); // UTF-8 intact

        var shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        string png = Path.Combine(StationHost.TempDir(), "hls-page-rewound.png");
        File.WriteAllBytes(png, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
        output.WriteLine("screenshot: " + png);

        // The scrubber: two minutes behind live.
        await browser.EvaluateAsync("window.ear.began = null");
        await browser.EvaluateAsync("(() => { const s = document.getElementById('rw-scrub'); s.value = '-120'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); })()");
        await browser.WaitForAsync("window.radio.at() !== null && Math.abs(Date.now() - window.radio.at() - 120000) < 5000 && !document.getElementById('player').paused && isFinite(window.radio.playhead()) && Math.abs(Date.now() - window.radio.playhead() - 120000) < 8000", TimeSpan.FromSeconds(15));
        var scrubbed = await HeardAsync(browser, http, "scrubbed");
        Assert.InRange(Behind(scrubbed), 110, 130);

        // Back to live.
        await browser.EvaluateAsync("window.ear.began = null");
        await browser.EvaluateAsync("document.getElementById('rw-live').click()");
        await browser.WaitForAsync("window.radio.at() === null && !document.getElementById('player').paused && isFinite(window.radio.playhead()) && Date.now() - window.radio.playhead() < 30000", TimeSpan.FromSeconds(15));
        var back = await HeardAsync(browser, http, "back to live");
        Assert.InRange(Behind(back), 0, 30);
        Assert.StartsWith("Live", back.Status, StringComparison.Ordinal);
        Assert.True((await browser.EvaluateAsync("document.getElementById('rw-live').disabled")).GetBoolean());
    }

    private static double Behind(Look look) => (TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - look.Playhead) / 1000;

    /// <summary>
    /// Waits until the playhead is well inside an item (the analyser hears the last 0.17 s), then checks that the page's
    /// title is the item the station aired at that instant and that the tone heard is that item's.
    /// </summary>
    private async Task<Look> HeardAsync(ChromiumBrowser browser, HttpClient http, string when)
    {
        var limit = Stopwatch.StartNew();
        double previous = double.MaxValue;
        while (true)
        {
            var items = await ItemsAsync(http);
            var look = JsonSerializer.Deserialize<Look>((await browser.EvaluateAsync(LookScript)).GetRawText(), JsonOptions)!;
            var aired = items.Where(i => i.Start.ToUnixTimeMilliseconds() <= look.Playhead).MaxBy(i => i.Start);
            var following = items.Where(i => i.Start.ToUnixTimeMilliseconds() > look.Playhead).MinBy(i => i.Start);
            bool advancing = look.CurrentTime > previous + 0.03;
            previous = look.CurrentTime;

            // Playing (time moves) for half a second since playback began here, so the analyser hears only this source.
            bool inside = aired is not null && look.Playing && advancing && look.Began > 0 && look.Playhead - look.Began > 500
                && look.Playhead - aired.Start.ToUnixTimeMilliseconds() > 700
                && (following is null || following.Start.ToUnixTimeMilliseconds() - look.Playhead > 400);
            if (inside)
            {
                double hz = Tones.Single(t => t.Title == aired!.Title).Hz;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{when}: hears {look.Hz:F0} Hz at {look.Db:F0} dB, {Behind(look):F1} s behind; page shows '{look.Title}', station aired '{aired!.Title}' ({hz} Hz) then; status '{look.Status}'"));
                Assert.Equal(aired.Title, look.Title);
                Assert.InRange(look.Hz, hz - 15, hz + 15);
                Assert.True(look.Db > -70, $"the tone is too quiet to be the audio: {look.Db} dB");
                return look;
            }

            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(10), $"{when}: the playhead never settled inside an item ({look.Playhead}, playing {look.Playing})");
            await Task.Delay(100);
        }
    }

    /// <summary>What aired (the item on air and the history), from <c>/api/nowplaying</c>.</summary>
    private static async Task<List<Item>> ItemsAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/nowplaying"));
        var list = new List<Item>();
        if (doc.RootElement.GetProperty("now_playing") is { ValueKind: JsonValueKind.Object } now)
        {
            list.Add(Item.From(now));
        }

        list.AddRange(doc.RootElement.GetProperty("history").EnumerateArray().Select(Item.From));
        return list;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Item(string Title, DateTimeOffset Start, string StartText)
    {
        public static Item From(JsonElement e)
        {
            string text = e.GetProperty("started_at_utc").GetString()!;
            return new Item(e.GetProperty("title").GetString()!, DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), text);
        }
    }

    private sealed record Look(string Title, string Status, double Playhead, double CurrentTime, bool Playing, double Began, double Hz, double Db, double? At);
}

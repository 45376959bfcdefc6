using System.Text.Json.Nodes;
using RadioServer.Tests.Configuration;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.Interop;

/// <summary>The station page in a real browser: headless Chromium from Debian, driven over the DevTools protocol.</summary>
[Trait("Layer", "Interop")]
public class StationPageBrowserTests(ITestOutputHelper output)
{
    /// <summary>Set to 1 to write the screenshot into <c>docs/station-page.png</c> as well.</summary>
    public const string UpdateScreenshotVariable = "RADIOSERVER_UPDATE_SCREENSHOT";

    [Fact]
    public async Task Page_PressPlay_AudioAdvancesAndTitleFollowsTheTrackChange()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 6, "Adébáyọ̀ & The Lagos Tones", "Ọjọ́ Ayọ̀ (Sunday Morning)");
        ToneLibrary.Create(dir, "b.mp3", 660, 6, "Highlife Collective", "Kelewele at Dusk");
        using (var tagged = TagLib.File.Create(Path.Combine(dir, "a.mp3")))
        {
            tagged.Tag.Album = "Tones of Lagos";
            tagged.Save();
        }

        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u", "", [
            "--station:name=234Radio", "--station:description=Africa's premium internet radio",
            "--station:mounts:1:path=/mobile.mp3", "--station:mounts:1:bitrate=32", "--station:mounts:1:samplerate=22050", "--station:mounts:1:channels=1",
            "--station:mounts:2:path=/stream.opus", "--station:mounts:2:format=opus", "--station:mounts:2:bitrate=48", "--station:mounts:2:samplerate=48000"]);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = 412, ["height"] = 900, ["deviceScaleFactor"] = 2, ["mobile"] = true,
        });
        await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(host.BaseUri, "/").ToString() });
        await browser.WaitForAsync("document.readyState === 'complete' && document.getElementById('np-title').textContent.trim().length > 1", TimeSpan.FromSeconds(10));
        string before = (await browser.EvaluateAsync("document.getElementById('np-title').textContent")).GetString()!;

        // Press play with a real mouse click on the button.
        await browser.ClickAsync("play");

        await browser.WaitForAsync("document.getElementById('player').currentTime > 0.5", TimeSpan.FromSeconds(10));
        double t0 = (await browser.EvaluateAsync("document.getElementById('player').currentTime")).GetDouble();
        await Task.Delay(1500);
        double t1 = (await browser.EvaluateAsync("document.getElementById('player').currentTime")).GetDouble();
        string src = (await browser.EvaluateAsync("document.getElementById('player').currentSrc")).GetString()!;
        bool opus = (await browser.EvaluateAsync("document.getElementById('player').canPlayType('audio/ogg; codecs=opus') !== ''")).GetBoolean();
        output.WriteLine($"currentTime {t0:F2} -> {t1:F2} s on {src} (Opus playable: {opus})");
        Assert.True(t1 > t0 + 0.5, $"currentTime should advance: {t0} -> {t1}");
        Assert.EndsWith(opus ? "/stream.opus" : "/stream.mp3", src, StringComparison.Ordinal);
        Assert.Equal("true", (await browser.EvaluateAsync("document.getElementById('play').getAttribute('aria-pressed')")).GetString());

        // The shown title follows the track change on the bus.
        string expr = $"document.getElementById('np-title').textContent !== {System.Text.Json.JsonSerializer.Serialize(before)}";
        await browser.WaitForAsync(expr, TimeSpan.FromSeconds(8));
        var airing = host.Playout.Bus.Current!.Item.Track;
        string after = (await browser.EvaluateAsync("document.getElementById('np-title').textContent")).GetString()!;
        output.WriteLine($"title {before} -> {after} (bus: {airing.Title})");
        Assert.Equal(airing.Title, after);
        Assert.Contains(before, (await browser.EvaluateAsync("document.getElementById('history').textContent")).GetString(), StringComparison.Ordinal);

        // The data saver switches to the smallest MP3 mount, and it plays too.
        await browser.EvaluateAsync("document.getElementById('saver').click()");
        await browser.WaitForAsync("document.getElementById('player').currentSrc.endsWith('/mobile.mp3') && document.getElementById('player').currentTime > 0.5", TimeSpan.FromSeconds(10));

        await browser.WaitForAsync("document.getElementById('history').children.length >= 1 && document.getElementById('listeners').textContent === '1'", TimeSpan.FromSeconds(5));
        var shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        byte[] png = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        File.WriteAllBytes(Path.Combine(dir, "station-page.png"), png);
        if (Environment.GetEnvironmentVariable(UpdateScreenshotVariable) == "1")
        {
            File.WriteAllBytes(Path.Combine(StationConfigTests.FindRoot(), "docs", "station-page.png"), png);
        }

        output.WriteLine("screenshot: " + Path.Combine(dir, "station-page.png"));

        // Keyboard: Enter on the focused play button stops the stream (and leaves the connection).
        await browser.EvaluateAsync("document.getElementById('play').focus()");
        foreach (string type in (string[])["keyDown", "keyUp"])
        {
            var key = new JsonObject { ["type"] = type, ["key"] = "Enter", ["code"] = "Enter", ["windowsVirtualKeyCode"] = 13 };
            if (type == "keyDown")
            {
                key["text"] = "\r";
            }

            await browser.SendAsync("Input.dispatchKeyEvent", key);
        }

        await browser.WaitForAsync("document.getElementById('play').getAttribute('aria-pressed') === 'false' && document.getElementById('player').paused", TimeSpan.FromSeconds(5));
    }
}

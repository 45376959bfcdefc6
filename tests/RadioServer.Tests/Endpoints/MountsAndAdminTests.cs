using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

/// <summary>Three mounts from one bus (MP3 128k, MP3 32k mono "data saver", Ogg Opus), with Icecast's admin interface.</summary>
[Trait("Layer", "Server")]
public sealed class MountsAndAdminTests : IAsyncLifetime
{
    private const string Admin = "mounts-admin-secret";
    private StationHost _host = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2.5, "Adébáyọ̀", "Ọjọ́ Ayọ̀");
        ToneLibrary.Create(dir, "b.mp3", 660, 2.5, "The Band", "Don't Stop; Go");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        _host = await StationHost.StartAsync(dir, "list.m3u", "", "--station:adminpassword=" + Admin,
            "--station:mounts:1:path=/mobile.mp3", "--station:mounts:1:bitrate=32", "--station:mounts:1:samplerate=22050", "--station:mounts:1:channels=1",
            "--station:mounts:2:path=/stream.opus", "--station:mounts:2:format=opus", "--station:mounts:2:samplerate=48000", "--station:mounts:2:bitrate=48");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<string> AdminGet(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Admin)));
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("/stream.mp3")]
    [InlineData("/mobile.mp3")]
    [InlineData("/stream.opus")]
    public async Task EveryMount_DecodesInFfmpegWithoutErrors(string mount)
    {
        var (exit, _, stderr, killed) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(30),
            "-nostdin", "-v", "error", "-i", _host.Mount(mount).ToString(), "-t", "6", "-f", "null", "-");
        Assert.False(killed);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public async Task MobileMount_Mpg123_PlaysMonoMpeg2At32k()
    {
        var (_, stdout, stderr, _) = await ExternalTool.RunAsync("mpg123", TimeSpan.FromSeconds(4), "-t", "-v", _host.Mount("/mobile.mp3").ToString());
        Assert.Contains("MPEG 2.0 L III cbr32 22050 mono", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpusMount_TitleChangesAreVisibleToFfprobeAsStreamMetadata()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount("/stream.opus"));
        await listener.ReadForAsync(TimeSpan.FromSeconds(6));
        Assert.Contains("Content-Type: audio/ogg\r\n", listener.ResponseHead, StringComparison.Ordinal);
        Assert.DoesNotContain("icy-metaint", listener.ResponseHead.Replace("Access-Control-Expose-Headers: icy-metaint", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(listener.Audio.AsSpan().StartsWith("OggS"u8), "a new listener first gets the Ogg header pages");
        string file = Path.Combine(_host.Directory, "capture.opus");
        File.WriteAllBytes(file, listener.Audio);
        var (exit, stdout, stderr, _) = await ExternalTool.RunAsync("ffprobe", TimeSpan.FromSeconds(20),
            "-v", "error", "-count_packets", "-show_entries", "stream=codec_name,sample_rate:stream_tags=title,artist", "-of", "default=noprint_wrappers=1", file);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
        Assert.Contains("codec_name=opus", stdout, StringComparison.Ordinal);
        // ffprobe lists the tags of every chained logical stream it read, separated by ';'.
        Assert.Contains("Ọjọ́ Ayọ̀", stdout, StringComparison.Ordinal);
        Assert.Contains("Don't Stop; Go", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminMetadata_YorubaAndArabic_ReachIcyListenersAndStatusJsonByteExact()
    {
        const string title = "Ọlá Adébáyọ̀ - سلام عليكم; Don't Stop";
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());

        // Send the update just after a track starts, so the next track (which replaces it) is 2.5 s away.
        string before = await StatusTitle();
        await WaitFor(async () => await StatusTitle() != before);
        string query = $"/admin/metadata?mount=/stream.mp3&mode=updinfo&charset=UTF-8&song={Uri.EscapeDataString(title)}";
        Assert.Contains("<return>1</return>", await AdminGet(query), StringComparison.Ordinal);
        var reading = listener.ReadForAsync(TimeSpan.FromSeconds(2));
        await WaitFor(async () => await StatusTitle() == title);
        using (var status = await _http.GetAsync(new Uri(_host.BaseUri, "/status-json.xsl?mount=/stream.mp3")))
        {
            byte[] json = await status.Content.ReadAsByteArrayAsync();
            Assert.True(json.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"title\":\"" + title + "\"")) >= 0, "raw UTF-8 in status-json");
        }

        await reading;
        var block = listener.Titles.Single(t => t.Title == title);
        Assert.True(block.AudioOffset > 0);
    }

    private async Task<string> StatusTitle() => TitleOf(await _http.GetByteArrayAsync(new Uri(_host.BaseUri, "/status-json.xsl?mount=/stream.mp3"))) ?? "";

    /// <summary>The mount's title in status-json; null while it has none (before the first track, Icecast too leaves the field out).</summary>
    private static string? TitleOf(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("icestats").GetProperty("source").TryGetProperty("title", out var title) ? title.GetString() : null;
    }

    [Fact]
    public async Task ListenerCounts_KillAndMove_WorkOnLiveListeners()
    {
        var listeners = new List<IcyClient>();
        try
        {
            foreach (var (mount, count) in new[] { ("/stream.mp3", 2), ("/mobile.mp3", 1), ("/stream.opus", 3) })
            {
                for (int i = 0; i < count; i++)
                {
                    listeners.Add(await IcyClient.ConnectAsync(_host.Mount(mount)));
                }
            }

            using (var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_host.BaseUri, "/status-json.xsl"))))
            {
                var counts = doc.RootElement.GetProperty("icestats").GetProperty("source").EnumerateArray()
                    .ToDictionary(s => new Uri(s.GetProperty("listenurl").GetString()!).AbsolutePath, s => s.GetProperty("listeners").GetInt32());
                Assert.Equal(2, counts["/stream.mp3"]);
                Assert.Equal(1, counts["/mobile.mp3"]);
                Assert.Equal(3, counts["/stream.opus"]);
            }

            Assert.Equal(3, ListenerIds(await AdminGet("/admin/listclients?mount=/stream.opus")).Count);

            // killclient: the listener's connection ends, the count drops.
            var ids = ListenerIds(await AdminGet("/admin/listclients?mount=/stream.mp3"));
            Assert.Equal(2, ids.Count);
            Assert.Contains($"Client {ids[0]} removed", await AdminGet($"/admin/killclient?mount=/stream.mp3&id={ids[0]}"), StringComparison.Ordinal);
            await WaitFor(async () => ListenerIds(await AdminGet("/admin/listclients?mount=/stream.mp3")).Count == 1);

            // moveclients: the mobile listener moves to /stream.mp3 on its open connection and keeps receiving.
            var mobile = listeners[2];
            var reading = mobile.ReadForAsync(TimeSpan.FromSeconds(4));
            Assert.Contains("Clients moved from /mobile.mp3 to /stream.mp3", await AdminGet("/admin/moveclients?mount=/mobile.mp3&destination=/stream.mp3"), StringComparison.Ordinal);
            Assert.Equal(2, ListenerIds(await AdminGet("/admin/listclients?mount=/stream.mp3")).Count);
            Assert.Empty(ListenerIds(await AdminGet("/admin/listclients?mount=/mobile.mp3")));
            await reading;
            byte[] audio = mobile.Audio;
            int tail = audio.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xFB }); // an MPEG-1 128k frame sync from /stream.mp3
            Assert.True(tail > 0, "after the move the listener receives the 128k stream");
        }
        finally
        {
            foreach (var l in listeners)
            {
                await l.DisposeAsync();
            }
        }
    }

    private static List<string> ListenerIds(string xml) =>
        XDocument.Parse(xml).Descendants("ID").Select(e => e.Value).ToList();

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "condition not met in 10 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ShoutcastPages_ShowTheCurrentTitleAndCounts()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        string song = "";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (song.Length == 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            song = await _http.GetStringAsync(new Uri(_host.BaseUri, "/currentsong"));
        }

        Assert.Contains(song, new[] { "Adébáyọ̀ - Ọjọ́ Ayọ̀", "The Band - Don't Stop; Go" });
        Assert.Matches(@"^<html><body>\d+,1,\d+,1000,\d+,128,.+</body></html>$", await _http.GetStringAsync(new Uri(_host.BaseUri, "/7.html")));
        Assert.Contains("<td>", await _http.GetStringAsync(new Uri(_host.BaseUri, "/played.html")), StringComparison.Ordinal);
        using var played = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_host.BaseUri, "/played.html?type=json")));
        Assert.True(played.RootElement.GetArrayLength() >= 1);
        var stats = XDocument.Parse(await _http.GetStringAsync(new Uri(_host.BaseUri, "/stats?sid=1")));
        Assert.Equal("SHOUTCASTSERVER", stats.Root!.Name.LocalName);
        Assert.True(int.Parse(stats.Root.Element("CURRENTLISTENERS")!.Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_host.BaseUri, "/stats?sid=1&json=1")));
        Assert.Equal("/stream.mp3", json.RootElement.GetProperty("streampath").GetString());
    }
}

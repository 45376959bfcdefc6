using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.NowPlaying;

/// <summary><c>/api/nowplaying</c> and its server-sent-event stream on a real station.</summary>
[Trait("Layer", "Server")]
public class NowPlayingTests(ITestOutputHelper output)
{
    private const string Admin = "np-secret";

    private static async Task<StationHost> StartAsync(double seconds = 2.5)
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, seconds, "Artist A", "Tone 440");
        ToneLibrary.Create(dir, "b.mp3", 660, seconds, "Artist B", "Tone 660");
        using (var tagged = TagLib.File.Create(Path.Combine(dir, "a.mp3")))
        {
            tagged.Tag.Album = "Album A";
            tagged.Save();
        }

        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        return await StationHost.StartAsync(dir, "list.m3u", "", "--station:adminpassword=" + Admin);
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    [Fact]
    public async Task Get_RunningStation_ReturnsStationMountsCurrentItemInUtcAndStationZone()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        await using (await IcyClient.ConnectAsync(host.Mount()))
        {
            // The engine reads an item ahead a few blocks per block, so it knows where a 2.5 s item ends (and picks and
            // times what follows) about a second after it starts: wait for that, on item A (the playlist repeats A, B).
            JsonElement doc = default;
            for (int i = 0; i < 100; i++)
            {
                doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseUri, "/api/nowplaying"))).RootElement;
                if (doc.GetProperty("now_playing") is { ValueKind: JsonValueKind.Object } playing && playing.GetProperty("title").GetString() == "Tone 440"
                    && doc.GetProperty("listeners").GetInt32() == 1 && doc.GetProperty("next").GetArrayLength() > 0)
                {
                    break;
                }

                await Task.Delay(100);
            }

            var station = doc.GetProperty("station");
            Assert.Equal("Test Radio Ọ̀yọ́", station.GetProperty("name").GetString());
            Assert.Equal("Africa/Lagos", station.GetProperty("time_zone").GetString());
            var mount = Assert.Single(doc.GetProperty("mounts").EnumerateArray());
            Assert.Equal("/stream.mp3", mount.GetProperty("path").GetString());
            Assert.Equal(new Uri(host.BaseUri, "/stream.mp3").ToString(), mount.GetProperty("url").GetString());
            Assert.Equal("mp3", mount.GetProperty("format").GetString());
            Assert.Equal(128, mount.GetProperty("bitrate").GetInt32());
            Assert.Equal(1, mount.GetProperty("listeners").GetInt32());
            Assert.Equal(1, doc.GetProperty("listeners").GetInt32());

            var now = doc.GetProperty("now_playing");
            Assert.Equal("Artist A", now.GetProperty("artist").GetString());
            Assert.Equal("Tone 440", now.GetProperty("title").GetString());
            Assert.Equal("Album A", now.GetProperty("album").GetString());
            Assert.Equal("Artist A - Tone 440", now.GetProperty("text").GetString());
            Assert.Equal("track", now.GetProperty("kind").GetString());
            Assert.InRange(now.GetProperty("duration").GetDouble(), 2.4, 2.7);
            Assert.InRange(now.GetProperty("elapsed").GetDouble(), 0, 2.7);
            var utc = now.GetProperty("started_at_utc").GetDateTimeOffset();
            var local = now.GetProperty("started_at_local").GetDateTimeOffset();
            Assert.EndsWith("Z", now.GetProperty("started_at_utc").GetString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromHours(1), local.Offset); // Lagos: UTC+1, no daylight saving
            Assert.Equal(utc, local);

            var next = Assert.Single(doc.GetProperty("next").EnumerateArray());
            Assert.Equal("Tone 660", next.GetProperty("title").GetString());
            var nextStart = next.GetProperty("started_at_utc").GetDateTimeOffset();
            Assert.InRange((nextStart - utc).TotalSeconds, 2.0, 3.2); // 2.5 s, give or take how late a loaded machine releases blocks
        }
    }

    [Fact]
    public async Task Events_Subscribe_SendsWholeStateWithin100Milliseconds()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        await http.GetStringAsync(new Uri(host.BaseUri, "/api/nowplaying")); // warm up the JIT, not the connection
        await using (var warm = await SseClient.ConnectAsync(new Uri(host.BaseUri, "/api/nowplaying/events")))
        {
            await warm.NextAsync(TimeSpan.FromSeconds(5));
        }

        var figures = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            await using var sse = await SseClient.ConnectAsync(new Uri(host.BaseUri, "/api/nowplaying/events"));
            var (at, data) = await sse.NextAsync(TimeSpan.FromSeconds(5));
            Assert.StartsWith("text/event-stream", sse.ContentType, StringComparison.Ordinal);
            Assert.Equal("Test Radio Ọ̀yọ́", data.RootElement.GetProperty("station").GetProperty("name").GetString());
            figures.Add(Ms(sse.RequestedAt, at));
        }

        output.WriteLine("ms from request to state: " + string.Join(", ", figures.Select(f => f.ToString("F1"))));
        Assert.True(figures.Max() < 100, "ms from request to state: " + string.Join(", ", figures.Select(f => f.ToString("F1"))));
    }

    [Fact]
    public async Task Events_TrackChanges_ArriveWithin1SecondOfTheAudioChange()
    {
        await using var host = await StartAsync(seconds: 2);
        var busAt = new System.Collections.Concurrent.ConcurrentQueue<(long Timestamp, string Title)>();
        host.Playout.Bus.TrackStarted += s => busAt.Enqueue((Stopwatch.GetTimestamp(), s.Item.Track.DisplayTitle));
        await using var sse = await SseClient.ConnectAsync(new Uri(host.BaseUri, "/api/nowplaying/events"));
        var changes = new List<(long Timestamp, string Title)>();
        string? last = null;
        var clock = Stopwatch.StartNew();
        while (changes.Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var (at, data) = await sse.NextAsync(TimeSpan.FromSeconds(5));
            var now = data.RootElement.GetProperty("now_playing");
            string? title = now.ValueKind == JsonValueKind.Null ? null : now.GetProperty("text").GetString();
            if (title is not null && title != last && last is not null)
            {
                changes.Add((at, title));
            }

            last = title ?? last;
        }

        Assert.True(changes.Count >= 3, $"{changes.Count} track changes seen");
        var delays = new List<double>();
        foreach (var (at, title) in changes)
        {
            // The service's bus handler runs before this test's (it subscribed first), so the event can be stamped
            // a few microseconds before the test records the bus release: take the nearest release of that title.
            var bus = busAt.Where(b => b.Title == title).OrderBy(b => Math.Abs(b.Timestamp - at)).First();
            delays.Add(Ms(bus.Timestamp, at));
        }

        output.WriteLine("ms from bus release to event: " + string.Join(", ", delays.Select(d => d.ToString("F1"))));
        Assert.True(delays.Max() < 1000, "ms from bus release to event: " + string.Join(", ", delays.Select(d => d.ToString("F1"))));
    }

    [Fact]
    public async Task Events_AdminMetadataUpdate_SendsNewTitle()
    {
        await using var host = await StartAsync(seconds: 30);
        await using var sse = await SseClient.ConnectAsync(new Uri(host.BaseUri, "/api/nowplaying/events"));
        while ((await sse.NextAsync(TimeSpan.FromSeconds(5))).Data.RootElement.GetProperty("now_playing").ValueKind == JsonValueKind.Null)
        {
            // wait for the first track to start, so its start cannot replace the admin title in the same event
        }

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Live%20from%20Lagos"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Admin)));
        long sent = Stopwatch.GetTimestamp();
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        for (int i = 0; i < 10; i++)
        {
            var (at, data) = await sse.NextAsync(TimeSpan.FromSeconds(5));
            var now = data.RootElement.GetProperty("now_playing");
            if (now.ValueKind != JsonValueKind.Null && now.GetProperty("text").GetString() == "Live from Lagos")
            {
                Assert.Equal("admin", now.GetProperty("source").GetString());
                Assert.True(Ms(sent, at) < 1000, $"{Ms(sent, at):F0} ms");
                return;
            }
        }

        Assert.Fail("the admin title never arrived");
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RadioServer.Events;
using RadioServer.Podcasts;
using RadioServer.Recordings;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Podcasts;

/// <summary>
/// "Listen again" for the news on a real station (a few seconds of real time): each bulletin is recorded as it aired,
/// the news feed lists every one, newest first, as valid RSS 2.0 with the iTunes tags, each enclosure served with byte
/// ranges at its real length and duration; the page's episode list; nothing outside the recordings folder is served
/// (issue 14, part 4).
/// </summary>
[Trait("Layer", "Server")]
public sealed class NewsFeedTests : IAsyncLifetime
{
    private StationHost _host = null!;
    private readonly ConcurrentQueue<StationEvent> _songs = new();

    public async Task InitializeAsync()
    {
        string dir = StationHost.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "music"));
        Directory.CreateDirectory(Path.Combine(dir, "news"));
        ToneLibrary.Create(Path.Combine(dir, "music"), "a.mp3", 440, 1.5, "Band", "Song A");
        ToneLibrary.Create(Path.Combine(dir, "music"), "b.mp3", 550, 1.5, "Band", "Song B");
        ToneLibrary.Create(Path.Combine(dir, "news"), "1.mp3", 1000, 1.5, "News Desk", "Bulletin One");
        ToneLibrary.Create(Path.Combine(dir, "news"), "2.mp3", 1200, 1.5, "News Desk", "Bulletin Two");
        File.WriteAllText(Path.Combine(dir, "schedule.yaml"), """
            time_zone: Africa/Lagos
            playlists:
              music:
                path: music
                rotation: sequential
              news:
                path: news
                rotation: sequential
                kind: news
            default_rotation:
              - playlist: music
                weight: 1
              - playlist: news
                weight: 1
            """);
        _host = await StationHost.StartAsync(dir, "music", "", "--station:schedule=schedule.yaml", "--station:data_folder=data",
            "--station:recordings:mount=/stream.mp3", "--station:recordings:kinds:0=news",
            "--station:podcasts:image=https://radio.example/news.png",
            "--station:podcasts:feeds:0:name=news", "--station:podcasts:feeds:0:title=News bulletins", "--station:podcasts:feeds:0:kind=news");
        _host.Services.GetRequiredService<StationEvents>().Follow(e =>
        {
            if (e.Kind == StationEventKind.SongChanged)
            {
                _songs.Enqueue(e);
            }
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task NewsFeed_ListsEachBulletinAsAired_NewestFirst_EnclosuresServeRanges()
    {
        var recordings = _host.Services.GetRequiredService<RecordingService>();

        // Two bulletins seen from their start to the next item's, and recorded.
        List<StationEvent> Aired()
        {
            var songs = _songs.ToList();
            return [.. songs.SkipLast(1).Where(e => e.Role == "news")];
        }

        await WaitForAsync(() => Aired().Count >= 2 && Aired().All(b => recordings.Catalog.All.Any(r => r.StartedUtc == b.At)), TimeSpan.FromSeconds(30),
            "two bulletins aired and recorded");
        var aired = Aired();

        using var http = new HttpClient { BaseAddress = _host.BaseUri };
        var before = recordings.Catalog.All.Where(r => r.Role == "news").ToList();
        var episodes = await FeedCheck.ValidateAsync(http, new Uri(_host.BaseUri, "/podcasts/news.xml"));
        var catalog = recordings.Catalog.All.Where(r => r.Role == "news").ToList();
        Assert.All(before, r => Assert.Contains(episodes, e => e.Guid == r.Id.ToString())); // every recorded bulletin ...
        Assert.All(episodes, e => Assert.Contains(catalog, r => r.Id.ToString() == e.Guid)); // ... and nothing else
        Assert.Equal(episodes.OrderByDescending(e => e.Published).Select(e => e.Guid), episodes.Select(e => e.Guid)); // newest first
        foreach (var bulletin in aired)
        {
            var recording = Assert.Single(catalog, r => r.StartedUtc == bulletin.At);
            var episode = Assert.Single(episodes, e => e.Guid == recording.Id.ToString());
            Assert.StartsWith(bulletin.Title!, episode.Title, StringComparison.Ordinal);
            Assert.Equal("News Desk", episode.Author);
            Assert.Equal(recording.Bytes, episode.Length);
            Assert.InRange(recording.DurationSeconds, 1.4, 1.65); // the bulletin as aired, not the songs around it
            Assert.Equal(bulletin.At.ToUnixTimeSeconds(), episode.Published.ToUnixTimeSeconds());
        }

        // The page's list.
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/episodes"));
        var first = json.RootElement.GetProperty("episodes")[0];
        Assert.Equal("news", first.GetProperty("feed").GetString());
        Assert.StartsWith("podcasts/files/news/", first.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("podcasts/news.xml", json.RootElement.GetProperty("feeds")[0].GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/podcasts/nothing.xml")).StatusCode);

        // Only the recordings the feeds list: an MP3 in the folder that is no finished recording (one still being
        // written, or any other) answers 404.
        File.Copy(catalog[0].FilePath, Path.Combine(recordings.Catalog.Root, "news", "unlisted.mp3"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/podcasts/files/news/unlisted.mp3")).StatusCode);
        if (recordings.Active is [{ File.Info: { RelativePath.Length: > 0 } inProgress }, ..] && recordings.Catalog.Find(inProgress.RelativePath) is null)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/" + PodcastEpisodes.FilePath(inProgress))).StatusCode);
        }
    }

    [Theory]
    [InlineData("/podcasts/files/../station.yaml")]
    [InlineData("/podcasts/files/news/../../station.yaml")]
    [InlineData("/podcasts/files/..%2f..%2fstation.yaml")]
    [InlineData("/podcasts/files/%2e%2e/%2e%2e/station.yaml")]
    [InlineData("/podcasts/files/%2e%2e%2f%2e%2e%2fschedule.yaml")]
    [InlineData("/podcasts/files/%2fetc%2fpasswd")]
    [InlineData("/podcasts/files/..%5c..%5cstation.yaml")]
    public async Task Files_PathOutsideTheRecordingsFolder_IsNeverServed(string path)
    {
        string answer = await RawGetAsync(path);
        Assert.DoesNotMatch(@"^HTTP/1\.[01] 2", answer);
        Assert.DoesNotContain("station:", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", answer, StringComparison.Ordinal);
    }

    /// <summary>Sends the path exactly as written (an HTTP client would resolve the dots first).</summary>
    private async Task<string> RawGetAsync(string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.BaseUri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static Task WaitForAsync(Func<bool> condition, TimeSpan limit, string what) => Until.AssertAsync(condition, what, limit);
}

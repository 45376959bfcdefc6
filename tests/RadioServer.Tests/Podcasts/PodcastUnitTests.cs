using RadioServer.Configuration;
using RadioServer.Podcasts;
using RadioServer.Recordings;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Podcasts;

/// <summary>The feeds' pieces on their own: which recordings a feed takes, the dates and ids podcast apps read, and the file paths served.</summary>
[Trait("Layer", "Unit")]
public sealed class PodcastUnitTests
{
    [Fact]
    public void FeedGuid_IsPodcastingTwoPointOhsUuidV5OfTheUrlWithoutScheme() =>
        Assert.Equal(Guid.Parse("9b024349-ccf0-5f69-a609-6b82873eab3c"), PodcastFeed.FeedGuid("https://podnews.net/rss")); // the namespace's own example

    [Fact]
    public void Rfc822_InTheStationZone_HasItsOffset() =>
        Assert.Equal("Mon, 07 Dec 2026 07:05:09 +0100", PodcastFeed.Rfc822(new DateTimeOffset(2026, 12, 7, 7, 5, 9, TimeSpan.FromHours(1))));

    [Fact]
    public void Episodes_FeedsTakeTheirKindOrTheirShowsAndPresenters_NewestFirst()
    {
        var start = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        RecordingInfo R(RecordingKind kind, string show, string presenter, int hour, string? role = null) =>
            new() { Kind = kind, Show = show, Presenter = presenter, Role = role, StartedUtc = start.AddHours(hour), Complete = true };
        RecordingInfo[] all =
        [
            R(RecordingKind.Live, "Morning Show", "ade", 0), R(RecordingKind.Item, "Bulletin", "News Desk", 1, "news"),
            R(RecordingKind.Scheduled, "Morning Show", "Test Radio", 2), R(RecordingKind.Live, "Late Show", "ade", 3),
            R(RecordingKind.Item, "Bulletin", "News Desk", 4, "news") with { Complete = false },
        ];

        Assert.Equal([1], PodcastEpisodes.For(new PodcastFeedOptions { Kind = "news" }, all, 10).Select(r => r.StartedUtc.Hour - 6));
        Assert.Equal([2, 0], PodcastEpisodes.For(new PodcastFeedOptions { Show = "morning show" }, all, 10).Select(r => r.StartedUtc.Hour - 6));
        Assert.Equal([3, 0], PodcastEpisodes.For(new PodcastFeedOptions { Presenter = "ADE" }, all, 10).Select(r => r.StartedUtc.Hour - 6));
        Assert.Equal([3, 2], PodcastEpisodes.For(new PodcastFeedOptions(), all, 2).Select(r => r.StartedUtc.Hour - 6));
    }

    [Fact]
    public void Files_OnlyRecordingsInsideTheFolder_AreResolved()
    {
        string dir = StationHost.TempDir();
        string root = Path.Combine(dir, "recordings");
        Directory.CreateDirectory(Path.Combine(root, "news"));
        File.WriteAllText(Path.Combine(root, "news", "a.mp3"), "mp3");
        File.WriteAllText(Path.Combine(root, "news", "a.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "secret.mp3"), "outside");
        File.CreateSymbolicLink(Path.Combine(root, "news", "link.mp3"), Path.Combine(dir, "secret.mp3"));

        Assert.Equal(Path.Combine(root, "news", "a.mp3"), PodcastFiles.Resolve(root, "news/a.mp3"));
        foreach (string bad in new[] { "../secret.mp3", "news/../../secret.mp3", "news/..", "/etc/passwd", Path.Combine(dir, "secret.mp3"),
                     "news\\..\\..\\secret.mp3", "news/a.json", "news/missing.mp3", "news/link.mp3", "news/a.mp3\0.txt", "", "." })
        {
            Assert.Null(PodcastFiles.Resolve(root, bad));
        }
    }

    [Fact]
    public void Published_OnlyFinishedRecordingsAFeedLists_AreServed()
    {
        string root = Path.Combine(StationHost.TempDir(), "recordings");
        Directory.CreateDirectory(Path.Combine(root, "news"));
        Directory.CreateDirectory(Path.Combine(root, "late-show"));
        foreach (string file in new[] { "news/aired.mp3", "news/in-progress.mp3", "news/stray.mp3", "late-show/show.mp3" })
        {
            File.WriteAllText(Path.Combine(root, file), "mp3");
        }

        var catalog = new RecordingCatalog(root);
        catalog.Add(catalog.Locate(new RecordingInfo { Kind = RecordingKind.Item, Show = "Bulletin", Role = "news", Complete = true }, Path.Combine(root, "news", "aired.mp3")));
        catalog.Add(catalog.Locate(new RecordingInfo { Kind = RecordingKind.Live, Show = "Late Show", Complete = true }, Path.Combine(root, "late-show", "show.mp3")));
        PodcastFeedOptions[] feeds = [new() { Name = "news", Kind = "news" }];

        Assert.Equal(Path.Combine(root, "news", "aired.mp3"), PodcastFiles.Published(catalog, feeds, "news/aired.mp3")?.FilePath);
        Assert.Null(PodcastFiles.Published(catalog, feeds, "news/in-progress.mp3")); // still being recorded: not in the catalog yet
        Assert.Null(PodcastFiles.Published(catalog, feeds, "news/stray.mp3"));
        Assert.Null(PodcastFiles.Published(catalog, feeds, "late-show/show.mp3")); // finished, but no feed lists it
        Assert.Null(PodcastFiles.Published(catalog, feeds, "news/../news/aired.mp3"));
        Assert.Null(PodcastFiles.Published(catalog, feeds, null));
    }

    [Fact]
    public void Feed_ShowAndPresenterWithControlCharacters_AreCleanedAndTheFeedWrites()
    {
        var info = new RecordingInfo
        {
            Kind = RecordingKind.Live, Show = "Morning\u0007 Show\uFFFE \U0001F399", Presenter = "ad\u0000\u001Bé", Complete = true, DurationSeconds = 60,
            StartedLocal = new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.FromHours(1)), RelativePath = "morning-show/a.mp3",
        };

        Assert.Equal("Morning Show \U0001F399", info.Show); // the emoji (a surrogate pair) is kept
        Assert.Equal("adé", info.Presenter);
        var read = System.Text.Json.JsonSerializer.Deserialize<RecordingInfo>("""{"show": "Late\u0001 Show"}""", RecordingInfo.Json)!;
        Assert.Equal("Late Show", read.Show); // a sidecar written before the cleaning too
        var xml = PodcastFeed.Build(new StationOptions(), new PodcastFeedOptions { Name = "morning-show", Title = "Morning" }, [info], "http://radio.example");
        Assert.Contains("Morning Show", xml.ToString(), StringComparison.Ordinal);
    }
}

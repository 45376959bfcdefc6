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
}

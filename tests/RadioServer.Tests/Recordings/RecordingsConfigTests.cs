using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Recordings;

/// <summary><c>recordings</c> and <c>podcasts</c> in station.yaml: bound from snake_case keys, each mistake reported at its file:line:column.</summary>
[Trait("Layer", "Unit")]
public sealed class RecordingsConfigTests
{
    [Fact]
    public void Build_RecordingsAndFeeds_AreBound()
    {
        string dir = StationHost.TempDir();
        string config = StationHost.WriteConfig(dir, "a.mp3");
        File.AppendAllText(config, """

              recordings:
                mount: /stream.mp3
                kinds: [news]
                max_age_days: 7
                max_total_mb: 500
                scheduled:
                  - name: Breakfast
                    cron: "0 7 * * 1-5"
                    minutes: 60
              podcasts:
                image: https://radio.example/art.png
                feeds:
                  - name: news
                    title: News bulletins
                    kind: news
                  - name: breakfast
                    title: Breakfast
                    show: Breakfast
            """);
        var options = RadioServerApp.Build(["--config", config]).Services.GetRequiredService<StationOptions>();

        Assert.Equal("/stream.mp3", options.Recordings.Mount);
        Assert.Equal(["news"], options.Recordings.Kinds);
        Assert.Equal(7, options.Recordings.MaxAgeDays);
        Assert.Equal(500, options.Recordings.MaxTotalMb);
        Assert.Equal(new ScheduledRecordingOptions { Name = "Breakfast", Cron = "0 7 * * 1-5", Minutes = 60 }, Assert.Single(options.Recordings.Scheduled));
        Assert.Equal(["news", "breakfast"], options.Podcasts.Feeds.Select(f => f.Name));
    }

    [Fact]
    public void Build_BadRecordingsAndFeeds_ReportEveryErrorWithItsLocation()
    {
        string dir = StationHost.TempDir();
        string config = StationHost.WriteConfig(dir, "a.mp3");
        int line = File.ReadAllLines(config).Length;
        File.AppendAllText(config, """

              recordings:
                mount: /nowhere.mp3
                kinds: [weather]
                scheduled:
                  - name: Breakfast
                    cron: "0 7 * *"
                    minutes: 0
              podcasts:
                feeds:
                  - name: "News Feed"
                    title: News
                    kind: news
            """);
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", config]));

        Assert.Contains($"{config}:{line + 3}:12: recordings mount '/nowhere.mp3' is not one of the station's mounts", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{config}:{line + 4}:13: recordings kind 'weather' is not one of music, news, ad, id", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{config}:{line + 7}:15: bad cron '0 7 * *':", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{config}:{line + 8}:18: minutes 0 must be more than 0 and at most 1440", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{config}:{line + 11}:15: feed name 'News Feed' must be lower-case letters, digits and dashes", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{config}:{line + 13}:15: feed 'News Feed' takes kind 'news', which recordings kinds does not record", e.Message, StringComparison.Ordinal);
    }
}

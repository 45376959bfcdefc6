using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;
using RadioServer.Api;
using RadioServer.Configuration;
using RadioServer.Recordings;
using RadioServer.Safety;

namespace RadioServer.Podcasts;

/// <summary>
/// "Listen again": <c>/podcasts/&lt;feed&gt;.xml</c> (RSS 2.0), the episodes' files under <c>/podcasts/files/…</c> (only
/// finished recordings a feed lists, with byte ranges, as podcast apps seek and resume), and <c>/api/episodes</c>, the latest episodes for the station page.
/// Mapped only when recordings are on.
/// </summary>
internal static partial class PodcastEndpoints
{
    /// <summary>Episodes the page lists by default.</summary>
    public const int PageEpisodes = 10;

    /// <summary>snake_case, as <c>/api/nowplaying</c>, with generated serializers.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = PodcastJsonContext.Default,
    };

    public static void Map(WebApplication app)
    {
        var options = app.Services.GetRequiredService<StationOptions>();
        var service = app.Services.GetService<RecordingService>();
        app.MapGet("/api/episodes", (HttpContext c, int? limit) =>
        {
            c.Response.Headers.AccessControlAllowOrigin = "*";
            c.Response.Headers.CacheControl = "no-cache";
            return Results.Json(service is null ? new EpisodeList([], []) : Episodes(options.Podcasts.Feeds, service.Catalog, Math.Clamp(limit ?? PageEpisodes, 1, 100)),
                (JsonTypeInfo<EpisodeList>)Json.GetTypeInfo(typeof(EpisodeList)));
        });
        if (service is null)
        {
            return; // recordings are off: no feeds, no files
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PodcastEndpoints).FullName!);
        app.MapGet("/podcasts/{feed}.xml", (string feed, HttpContext c, RecordingService recordings) =>
        {
            var config = options.Podcasts.Feeds.FirstOrDefault(f => f.Name == feed);
            if (config is null)
            {
                return Results.NotFound();
            }

            var episodes = PodcastEpisodes.For(config, recordings.Catalog.All, options.Podcasts.MaxEpisodes);
            var xml = PodcastFeed.Build(options, config, episodes, NowPlayingEndpoints.BaseUrl(c));
            c.Response.Headers.AccessControlAllowOrigin = "*";
            c.Response.Headers.CacheControl = "no-cache";
            return Results.Text(xml.Declaration + "\n" + xml.ToString(), "application/rss+xml; charset=utf-8", Encoding.UTF8);
        });

        app.MapMethods("/podcasts/files/{**path}", [HttpMethods.Get, HttpMethods.Head], (string? path, HttpContext c, RecordingService recordings) =>
        {
            if (PodcastFiles.Published(recordings.Catalog, options.Podcasts.Feeds, path) is not { } recording)
            {
                if (path is not null && (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal)))
                {
                    Refused(logger, SafeText.Escape(path) ?? "?");
                }

                return Results.NotFound();
            }

            c.Response.Headers.AccessControlAllowOrigin = "*";
            var info = new FileInfo(recording.FilePath);
            return Results.File(recording.FilePath, "audio/mpeg", enableRangeProcessing: true, lastModified: info.LastWriteTimeUtc,
                entityTag: new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\""));
        });
    }

    /// <summary>The feeds and the latest <paramref name="take"/> episodes that are in one, newest first (each under its first feed).</summary>
    private static EpisodeList Episodes(IReadOnlyList<PodcastFeedOptions> feeds, RecordingCatalog catalog, int take) => new(
        [.. feeds.Select(f => new FeedLink(f.Name, f.Title, $"podcasts/{f.Name}.xml"))],
        [.. catalog.All
            .Where(r => r.Complete)
            .Select(r => (Recording: r, Feed: feeds.FirstOrDefault(f => PodcastEpisodes.Matches(f, r))))
            .Where(e => e.Feed is not null)
            .Take(take)
            .Select(e => new EpisodeInfo(e.Feed!.Name, PodcastEpisodes.Title(e.Recording), e.Recording.Show, e.Recording.Presenter,
                e.Recording.StartedLocal, Math.Round(e.Recording.DurationSeconds, 1), e.Recording.Bytes, PodcastEpisodes.FilePath(e.Recording)))]);

    /// <summary>A feed as the page links it (<c>url</c> relative to the station).</summary>
    public sealed record FeedLink(string Name, string Title, string Url);

    /// <summary>One episode as the page lists it (<c>url</c> relative to the station).</summary>
    public sealed record EpisodeInfo(string Feed, string Title, string Show, string Presenter, DateTimeOffset StartedAtLocal, double DurationSeconds,
        long Bytes, string Url);

    /// <summary><c>/api/episodes</c>: the feeds and the latest episodes, newest first.</summary>
    public sealed record EpisodeList(IReadOnlyList<FeedLink> Feeds, IReadOnlyList<EpisodeInfo> Episodes);

    [LoggerMessage(HostLogIds.Podcasts + 0, LogLevel.Warning, "Refused a podcast file outside the recordings folder: {Path}")]
    private static partial void Refused(ILogger logger, string path);
}

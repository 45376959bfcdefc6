namespace RadioServer.Configuration;

/// <summary>
/// "Listen again" podcast feeds (section <c>station.podcasts</c>): RSS 2.0 with the iTunes and Podcasting 2.0 tags at
/// <c>/podcasts/&lt;name&gt;.xml</c>, made of the station's recordings.
/// </summary>
public sealed record PodcastsOptions
{
    /// <summary><c>itunes:author</c> of every feed; empty: the station's name.</summary>
    public string Author { get; init; } = "";

    /// <summary>Absolute URL of square artwork (1400–3000 px JPEG or PNG) for <c>itunes:image</c>; empty: none.</summary>
    public string Image { get; init; } = "";

    /// <summary>The feeds' language (RFC 5646, e.g. <c>en</c>, <c>yo</c>).</summary>
    public string Language { get; init; } = "en";

    /// <summary><c>itunes:category</c> (one of Apple's category names).</summary>
    public string Category { get; init; } = "Music";

    /// <summary>Episodes listed per feed, newest first.</summary>
    public int MaxEpisodes { get; init; } = 100;

    public IReadOnlyList<PodcastFeedOptions> Feeds { get; init; } = [];
}

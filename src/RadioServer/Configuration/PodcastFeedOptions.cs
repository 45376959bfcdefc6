namespace RadioServer.Configuration;

/// <summary>
/// One podcast feed (<c>station.podcasts.feeds[]</c>) and which recordings feed it: those of a <see cref="Show"/>
/// (a live show's <c>ice-name</c> or a scheduled recording's name), of a <see cref="Presenter"/>, or the items of a
/// playlist <see cref="Kind"/> as they aired. With none of the three it lists every show (live and scheduled).
/// </summary>
public sealed record PodcastFeedOptions
{
    /// <summary>The feed's address: <c>/podcasts/&lt;name&gt;.xml</c> (lower-case letters, digits and dashes).</summary>
    public string Name { get; init; } = "";

    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>Recordings of this show (compared without regard to case).</summary>
    public string Show { get; init; } = "";

    /// <summary>Recordings of this presenter (the source user, or a scheduled recording's presenter).</summary>
    public string Presenter { get; init; } = "";

    /// <summary>Items of this playlist kind as they aired (it must be listed in <c>recordings.kinds</c>).</summary>
    public string Kind { get; init; } = "";

    /// <summary>This feed's <c>itunes:image</c>; empty: the podcasts' image.</summary>
    public string Image { get; init; } = "";

    /// <summary>This feed's <c>itunes:category</c>; empty: the podcasts' category.</summary>
    public string Category { get; init; } = "";
}

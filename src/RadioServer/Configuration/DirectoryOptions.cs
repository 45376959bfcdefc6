namespace RadioServer.Configuration;

/// <summary>
/// Listing in Icecast YP directories (section <c>station.directories</c>): every mount that is public
/// (<see cref="Streaming.Mounts.MountOptions.IsPublic"/>) is added to each directory, touched with the title and
/// listener count, and removed when the station stops. See docs/directories.md.
/// </summary>
public sealed record DirectoryOptions
{
    /// <summary>The directories' <c>yp-cgi</c> addresses, e.g. <c>http://dir.xiph.org/cgi-bin/yp-cgi</c>. Empty: no listing.</summary>
    public IReadOnlyList<string> YpUrls { get; init; } = [];

    /// <summary>
    /// The address listeners reach the station at, without the mount (<c>http://radio.example:8000</c>); the directory's
    /// <c>listenurl</c> is this plus the mount path. Empty: <c>http://&lt;hostname&gt;:&lt;port the station listens on&gt;</c>.
    /// </summary>
    public string PublicUrl { get; init; } = "";

    /// <summary>How long one request to a directory may take before it counts as failed.</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>Seconds between touches when the directory does not say (its <c>TouchFreq</c> answer wins).</summary>
    public int TouchIntervalSeconds { get; init; } = 300;

    /// <summary>The shortest touch interval accepted from a directory (Icecast's floor is 30 s); a lower <c>TouchFreq</c> is raised to it.</summary>
    public int MinTouchSeconds { get; init; } = 30;

    /// <summary>The wait after the first failure of a streak; it doubles with every further failure up to <see cref="MaxRetrySeconds"/>.</summary>
    public int RetrySeconds { get; init; } = 60;

    /// <summary>The longest wait between two tries at a failing directory.</summary>
    public int MaxRetrySeconds { get; init; } = 3600;
}

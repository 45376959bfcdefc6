namespace RadioServer.Configuration;

/// <summary>The station as configured in <c>config/station.yaml</c> (section <c>station</c>).</summary>
public sealed record StationOptions
{
    public string Name { get; init; } = "RadioServer";

    public string Description { get; init; } = "";

    public string Genre { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>Whether directories may list the station (<c>icy-pub</c>).</summary>
    public bool Public { get; init; }

    /// <summary>The <c>Server</c> header and <c>server_id</c>; players such as VLC look for "Icecast".</summary>
    public string ServerId { get; init; } = "Icecast 2.4.4 (RadioServer)";

    /// <summary>Where the station listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> is given.</summary>
    public string Listen { get; init; } = "http://0.0.0.0:8000";

    /// <summary>The playlist (M3U/M3U8 file or folder), relative to the config file.</summary>
    public string Playlist { get; init; } = "../playlists/demo.m3u";

    /// <summary>
    /// The schedule (<c>schedule.yaml</c>: rotations, dayparts, inserts), relative to the config file. When set it
    /// decides what plays and <see cref="Playlist"/> is not used; when empty the playlist plays in order.
    /// </summary>
    public string Schedule { get; init; } = "";

    /// <summary>
    /// A CSV file (relative to the config file) to which every item that aired is appended: start, end, seconds, file,
    /// artist, title, why. Empty: no history file.
    /// </summary>
    public string HistoryCsv { get; init; } = "";

    /// <summary>
    /// The bearer token of the control API (<c>/api/queue</c>, <c>/api/requests</c>, <c>/api/skip</c>); empty turns the
    /// API off. Set it from the environment (<c>station__control_token</c>) rather than in the file.
    /// </summary>
    public string ControlToken { get; init; } = "";

    /// <summary>Silence on the bus longer than this is logged and counted as dead air (0: no watchdog).</summary>
    public double DeadAirSeconds { get; init; } = 10;

    /// <summary>The PCM bus format every item is converted to.</summary>
    public int SampleRate { get; init; } = 44100;

    public int Channels { get; init; } = 2;

    /// <summary>Length of one playout block; the clock releases one block at a time.</summary>
    public int BlockMilliseconds { get; init; } = 50;

    public IReadOnlyList<MountOptions> Mounts { get; init; } = [];
}

using RadioServer.Playout;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Sound;
using RadioServer.Streaming.Mounts;

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

    /// <summary>Integrated loudness (LUFS) every item is levelled to (<c>loudness_target</c>).</summary>
    public double LoudnessTarget { get; init; } = -16;

    /// <summary>
    /// Where an item's loudness comes from (<c>loudness_source</c>): <c>analysis</c> (the station's own BS.1770
    /// measurement, the default) or <c>replaygain</c> (the file's ReplayGain 2.0 track gain tag, falling back to the
    /// analysis for files without one).
    /// </summary>
    public LoudnessSource LoudnessSource { get; init; } = LoudnessSource.Analysis;

    /// <summary>Level items to <see cref="LoudnessTarget"/> and trim them to their cue points (<c>loudness_normalization</c>).</summary>
    public bool LoudnessNormalization { get; init; } = true;

    /// <summary>Gain (dB) for a file whose analysis has not landed yet (<c>unanalysed_gain</c>).</summary>
    public double UnanalysedGain { get; init; } = -6;

    /// <summary>True-peak ceiling (dBTP) of the bus limiter (<c>true_peak_ceiling</c>).</summary>
    public double TruePeakCeiling { get; init; } = -1;

    /// <summary>
    /// dB the bus limiter stays under <see cref="TruePeakCeiling"/> so that decoded mounts stay under it too (lossy coding
    /// overshoots); null: derived from the mounts' bitrates (<c>codec_headroom</c>).
    /// </summary>
    public double? CodecHeadroom { get; init; }

    /// <summary>Folder for the analysis cache, relative to the config file (<c>data_folder</c>).</summary>
    public string DataFolder { get; init; } = "../data";

    /// <summary>Background analysis threads; 0 = one fewer than the cores (<c>analysis_threads</c>).</summary>
    public int AnalysisThreads { get; init; }

    public IReadOnlyList<MountOptions> Mounts { get; init; } = [];

    /// <summary>Host name used in listen URLs (status pages, playlists) when the request gives none.</summary>
    public string Hostname { get; init; } = "localhost";

    /// <summary>Shown as <c>location</c> and <c>admin</c> in the status pages, as Icecast does.</summary>
    public string Location { get; init; } = "Earth";

    public string AdminContact { get; init; } = "icemaster@localhost";

    /// <summary>Listeners across all mounts (0 = no limit); past it a listener gets Icecast's 403 at once.</summary>
    public int MaxListeners { get; init; } = 1000;

    /// <summary>
    /// Simultaneous listener connections from one IP address (0 = no limit); past it a listener gets a 403 at once.
    /// Behind a reverse proxy the address is the forwarded client's (see <see cref="TrustedProxies"/>).
    /// </summary>
    public int MaxConnectionsPerIp { get; init; } = 10;

    /// <summary>Open connections to the whole server (0 = no limit). Past it a new connection gets a 503 at once and is closed.</summary>
    public int MaxConnections { get; init; } = 2000;

    /// <summary>Browsers subscribed to <c>/api/nowplaying/events</c> at once (0 = no limit); past it they get a 503 at once.</summary>
    public int MaxSseSubscribers { get; init; } = 500;

    /// <summary>
    /// Reverse proxies (addresses or CIDR networks, e.g. <c>127.0.0.1</c>, <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>Forwarded</c> headers are believed. From any other
    /// peer these headers change nothing. Empty (the default): no proxy is trusted.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>
    /// The key of <c>ip_privacy: hash</c> (an HMAC-SHA-256 key, any text of 16 characters or more). Set it from the
    /// environment (<c>station__ip_hash_key</c>); when empty a random key is made once and kept in
    /// <c>data_folder/ip-hash.key</c>, never in the database beside the hashes.
    /// </summary>
    public string IpHashKey { get; init; } = "";

    /// <summary>Require the admin credentials for <c>/metrics</c> (default: open, as Prometheus scrapes it).</summary>
    public bool MetricsRequireAdmin { get; init; }

    /// <summary>Seconds a client may take to send its request head before it is closed (Icecast: 15).</summary>
    public int HeaderTimeoutSeconds { get; init; } = 15;

    /// <summary>Admin user for <c>/admin/*</c>; its password comes from <c>RADIOSERVER_ADMIN_PASSWORD</c> or <c>admin_password</c>.</summary>
    public string AdminUser { get; init; } = "admin";

    public string? AdminPassword { get; init; }

    /// <summary>Source user (may update a mount's metadata); password from <c>RADIOSERVER_SOURCE_PASSWORD</c> or <c>source_password</c>.</summary>
    public string SourceUser { get; init; } = "source";

    public string? SourcePassword { get; init; }

    /// <summary>Relay user for <c>/admin/streamlist.txt</c> (Icecast master/slave relays).</summary>
    public string RelayUser { get; init; } = "relay";

    public string? RelayPassword { get; init; }

    /// <summary>
    /// Access log in the combined format with listening seconds, as Icecast writes it; empty = none. The address in it
    /// follows <see cref="IpPrivacy"/>. The file is reopened on <c>SIGHUP</c> (after logrotate moved it) and rotated
    /// when it passes <see cref="AccessLogMaxBytes"/>.
    /// </summary>
    public string AccessLog { get; init; } = "";

    /// <summary>Size at which the access log is renamed to <c>*.1</c> (the previous <c>*.1</c> is replaced) and started anew; 0 = never.</summary>
    public long AccessLogMaxBytes { get; init; }

    /// <summary>How items meet: crossfades between songs, fades, the fade before news, ads and IDs.</summary>
    public TransitionOptions Transitions { get; init; } = new();

    /// <summary>Live input from presenters' source clients.</summary>
    public LiveOptions Live { get; init; } = new();

    /// <summary>HTTPS in the station itself: certificate (reloaded when its files change), HTTPS addresses, page redirect.</summary>
    public TlsOptions Tls { get; init; } = new();

    /// <summary>Mounts pushed to external Icecast servers (how a station reaches beyond one machine).</summary>
    public IReadOnlyList<PushOptions> Push { get; init; } = [];

    /// <summary>Webhooks: the station's events sent to other services (re-read when the file changes).</summary>
    public IReadOnlyList<WebhookOptions> Webhooks { get; init; } = [];

    /// <summary>Total listener counts that publish <c>listener_milestone</c> when reached (again only after falling 10 % below).</summary>
    public IReadOnlyList<int> ListenerMilestones { get; init; } = [];

    /// <summary>Icecast YP directories the public mounts are listed in (docs/directories.md).</summary>
    public DirectoryOptions Directories { get; init; } = new();

    /// <summary>Tracks kept for <c>/played.html</c> and the history APIs.</summary>
    public int HistoryLength { get; init; } = 20;

    /// <summary>
    /// The station's IANA time zone (<c>time_zone</c>, e.g. <c>Africa/Lagos</c>): now-playing times are shown in it
    /// besides UTC, and listener reports cut days and hours in it.
    /// </summary>
    public string TimeZone { get; init; } = "Africa/Lagos";

    /// <summary>SQLite file for the aired log and listener sessions (relative to the config file); empty = none kept.</summary>
    public string Database { get; init; } = "";

    /// <summary>Days of listener sessions and aired log kept; older rows are pruned at start and every hour.</summary>
    public int RetentionDays { get; init; } = 90;

    /// <summary>
    /// How a listener's or client's IP address is written anywhere (console log, access log, <c>listclients</c>, the
    /// database): <c>truncate</c> (IPv4 /24, IPv6 /48: the default), <c>hash</c> (HMAC-SHA-256 with
    /// <see cref="IpHashKey"/>), <c>none</c> (as is) or <c>drop</c> (not written: <c>-</c>). Limits always compare the
    /// real address in memory.
    /// </summary>
    public IpPrivacyMode IpPrivacy { get; init; } = IpPrivacyMode.Truncate;

    /// <summary>HLS renditions with a rewind window (<c>hls</c>); off while it lists no rendition.</summary>
    public Streaming.Hls.HlsOptions Hls { get; init; } = new();

    /// <summary>Recordings of live shows, scheduled recordings of the air and items of chosen kinds (<c>recordings</c>).</summary>
    public RecordingsOptions Recordings { get; init; } = new();

    /// <summary>"Listen again" podcast feeds made of the recordings (<c>podcasts</c>).</summary>
    public PodcastsOptions Podcasts { get; init; } = new();

    /// <summary>The playout's settings: bus format, what plays, levelling, the limiter under the codecs' margin, transitions, live hand-over.</summary>
    public PlayoutOptions ToPlayoutOptions() => new()
    {
        Format = new StationFormat(SampleRate, Channels),
        Block = TimeSpan.FromMilliseconds(BlockMilliseconds),
        Schedule = Schedule,
        Playlist = Playlist,
        DataFolder = DataFolder,
        AnalysisThreads = AnalysisThreads > 0 ? AnalysisThreads : null,
        Loudness = LoudnessNormalization ? new LoudnessSettings(LoudnessTarget, UnanalysedGain, Source: LoudnessSource) : null,
        LimiterCeilingDbtp = CodecMargin.LimiterCeiling(TruePeakCeiling, Mounts, CodecHeadroom),
        Transitions = Transitions.ToSettings(),
        Live = Live.ToSettings(),
        DeadAirLimit = TimeSpan.FromSeconds(DeadAirSeconds),
        HistoryCsv = HistoryCsv,
    };

    /// <summary>Never prints the passwords (records print every property by default).</summary>
    public override string ToString() => $"StationOptions {{ Name = {Name}, Mounts = {string.Join(", ", Mounts.Select(m => m.Path))} }}";
}

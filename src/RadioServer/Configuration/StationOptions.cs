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

    /// <summary>The PCM bus format every item is converted to.</summary>
    public int SampleRate { get; init; } = 44100;

    public int Channels { get; init; } = 2;

    /// <summary>Length of one playout block; the clock releases one block at a time.</summary>
    public int BlockMilliseconds { get; init; } = 50;

    /// <summary>Integrated loudness (LUFS) every item is levelled to (<c>loudness_target</c>).</summary>
    public double LoudnessTarget { get; init; } = -16;

    /// <summary>Level items to <see cref="LoudnessTarget"/> and trim them to their cue points (<c>loudness_normalization</c>).</summary>
    public bool LoudnessNormalization { get; init; } = true;

    /// <summary>Gain (dB) for a file whose analysis has not landed yet (<c>unanalysed_gain</c>).</summary>
    public double UnanalysedGain { get; init; } = -6;

    /// <summary>True-peak ceiling (dBTP) of the bus limiter (<c>true_peak_ceiling</c>).</summary>
    public double TruePeakCeiling { get; init; } = -1;

    /// <summary>Folder for the analysis cache, relative to the config file (<c>data_folder</c>).</summary>
    public string DataFolder { get; init; } = "../data";

    /// <summary>Background analysis threads; 0 = one fewer than the cores (<c>analysis_threads</c>).</summary>
    public int AnalysisThreads { get; init; }

    public IReadOnlyList<MountOptions> Mounts { get; init; } = [];
}

using RadioServer.Playout.Audio;
using RadioServer.Playout.Live;
using RadioServer.Playout.Sound;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout;

/// <summary>
/// Everything the station's playout needs, typed and already validated (the host maps <c>station.yaml</c> onto it;
/// tests build it directly). Paths are absolute.
/// </summary>
public sealed record PlayoutOptions
{
    /// <summary>The PCM bus format every item is converted to.</summary>
    public StationFormat Format { get; init; } = StationFormat.Default;

    /// <summary>Length of one playout block; the clock releases one block at a time.</summary>
    public TimeSpan Block { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The schedule file (<c>schedule.yaml</c>); empty: <see cref="Playlist"/> plays in order.</summary>
    public string Schedule { get; init; } = "";

    /// <summary>The playlist (file, folder or single MP3) played in order when there is no schedule.</summary>
    public string Playlist { get; init; } = "";

    /// <summary>Where the analysis cache lives; null keeps it in memory only.</summary>
    public string? DataFolder { get; init; }

    /// <summary>Background analysis threads; null: one fewer than the cores; 0: analyse only when asked.</summary>
    public int? AnalysisThreads { get; init; }

    /// <summary>How items are levelled; null plays files as they are (no gain, no cue trimming).</summary>
    public LoudnessSettings? Loudness { get; init; } = new();

    /// <summary>The level (dBTP) the bus limiter holds: the station's ceiling minus the codecs' margin.</summary>
    public double LimiterCeilingDbtp { get; init; } = -1;

    /// <summary>How items meet when neither their playlist nor the item says otherwise.</summary>
    public TransitionSettings Transitions { get; init; } = TransitionSettings.StationDefaults;

    /// <summary>How a live source takes over and hands back.</summary>
    public LiveSettings Live { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>Silence on air longer than this is logged as dead air (zero: only counted).</summary>
    public TimeSpan DeadAirLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A CSV file every aired item is appended to; empty: none.</summary>
    public string HistoryCsv { get; init; } = "";
}

namespace RadioServer.Configuration;

/// <summary>
/// Recordings of what aired (section <c>station.recordings</c>): every live show, the scheduled recordings and, item by
/// item, the playlist kinds listed in <see cref="Kinds"/> (news bulletins for a "listen again" feed). Each is the
/// encoded audio one mount sends its listeners (the broadcast mix, not a presenter's raw input), ID3-tagged, under
/// <c>data_folder/recordings/</c>. Recording is off while <see cref="Mount"/> is empty.
/// </summary>
public sealed record RecordingsOptions
{
    /// <summary>The MP3 mount whose audio is recorded, e.g. <c>/stream.mp3</c>; empty: nothing is recorded.</summary>
    public string Mount { get; init; } = "";

    /// <summary>The folder, relative to <c>data_folder</c>.</summary>
    public string Folder { get; init; } = "recordings";

    /// <summary>Record every live show, from the presenter's connect to the hand-back to automation.</summary>
    public bool Live { get; init; } = true;

    /// <summary>Playlist kinds (<c>music</c>, <c>news</c>, <c>ad</c>, <c>id</c>) recorded item by item as they air.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Recordings older than this many days are deleted (0: kept however old).</summary>
    public double MaxAgeDays { get; init; } = 30;

    /// <summary>Past this many megabytes (MiB) in all, the oldest recordings are deleted first (0: no cap).</summary>
    public double MaxTotalMb { get; init; } = 10240;

    /// <summary>Recordings of the air output at cron times of the station's zone ("07:00–08:00 every weekday").</summary>
    public IReadOnlyList<ScheduledRecordingOptions> Scheduled { get; init; } = [];

    /// <summary>Whether anything is recorded.</summary>
    public bool Enabled => Mount.Length > 0;
}

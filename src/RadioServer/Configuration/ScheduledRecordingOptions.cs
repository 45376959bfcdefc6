namespace RadioServer.Configuration;

/// <summary>One scheduled recording of the air output (<c>station.recordings.scheduled[]</c>).</summary>
public sealed record ScheduledRecordingOptions
{
    /// <summary>The show's name: the recording's title tag, its folder, and what a podcast feed's <c>show</c> matches.</summary>
    public string Name { get; init; } = "";

    /// <summary>When it starts: five cron fields in the station's time zone, as the schedule file writes them (<c>0 7 * * 1-5</c>).</summary>
    public string Cron { get; init; } = "";

    /// <summary>How long it records, in minutes of audio.</summary>
    public double Minutes { get; init; } = 60;

    /// <summary>The artist tag (the presenter); empty: the station's name.</summary>
    public string Presenter { get; init; } = "";
}

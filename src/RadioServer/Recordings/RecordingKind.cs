namespace RadioServer.Recordings;

/// <summary>What a recording holds.</summary>
public enum RecordingKind
{
    /// <summary>A presenter's live show, from the takeover to the hand-back to automation.</summary>
    Live,

    /// <summary>A scheduled recording of the air output (<c>recordings.scheduled</c>).</summary>
    Scheduled,

    /// <summary>One item of a recorded playlist kind (a news bulletin) as it aired.</summary>
    Item,
}

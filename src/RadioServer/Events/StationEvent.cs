namespace RadioServer.Events;

/// <summary>The things that happen on air which services outside the station follow (webhooks, recorders, directories).</summary>
public enum StationEventKind
{
    /// <summary>An item started on air, or its title changed (an operator's or presenter's update).</summary>
    SongChanged,

    /// <summary>A presenter's source is connected and on its way to air.</summary>
    LiveConnected,

    /// <summary>The presenter's source ended (disconnected, timed out or cut).</summary>
    LiveDisconnected,

    /// <summary>Silence on air has lasted longer than <c>dead_air_seconds</c>.</summary>
    DeadAir,

    /// <summary>Audio is back after dead air.</summary>
    DeadAirEnded,

    /// <summary>The listeners on all mounts reached one of the configured counts.</summary>
    ListenerMilestone,

    /// <summary>The station is on air and serving.</summary>
    StationStarted,

    /// <summary>The station was asked to stop (SIGTERM, Ctrl+C).</summary>
    StationStopping,
}

/// <summary>
/// One event, with what its followers need; fields that do not apply to the kind are null. SongChanged: the item's
/// <see cref="Artist"/>, <see cref="Title"/>, <see cref="Text"/> (as listeners see it), <see cref="Duration"/> and
/// <see cref="Role"/> (its kind in the schedule: music, news, ad, id; null for a title update or a live show), <c>At</c>
/// being its air time. LiveConnected/LiveDisconnected: <see cref="Presenter"/>, the source <see cref="Mount"/>, the
/// <see cref="Show"/> (the source's <c>ice-name</c>, when sent) and, when it ended, the <see cref="Reason"/>.
/// DeadAir/DeadAirEnded: the silence's <see cref="Seconds"/>. ListenerMilestone: the <see cref="Listeners"/> count reached.
/// </summary>
public sealed record StationEvent(StationEventKind Kind, DateTimeOffset At)
{
    public string? Artist { get; init; }

    public string? Title { get; init; }

    public string? Text { get; init; }

    public TimeSpan? Duration { get; init; }

    public string? Role { get; init; }

    public string? Presenter { get; init; }

    public string? Mount { get; init; }

    public string? Show { get; init; }

    public string? Reason { get; init; }

    public double? Seconds { get; init; }

    public int? Listeners { get; init; }

    /// <summary>The name hooks filter on and bodies carry: <c>song_changed</c>, <c>live_connected</c>, …</summary>
    public string Name => NameOf(Kind);

    /// <summary><see cref="StationEventKind.SongChanged"/> → <c>song_changed</c>.</summary>
    public static string NameOf(StationEventKind kind) => kind switch
    {
        StationEventKind.SongChanged => "song_changed",
        StationEventKind.LiveConnected => "live_connected",
        StationEventKind.LiveDisconnected => "live_disconnected",
        StationEventKind.DeadAir => "dead_air",
        StationEventKind.DeadAirEnded => "dead_air_ended",
        StationEventKind.ListenerMilestone => "listener_milestone",
        StationEventKind.StationStarted => "station_started",
        StationEventKind.StationStopping => "station_stopping",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind named <paramref name="name"/> (as <see cref="NameOf"/> writes it), if any.</summary>
    public static StationEventKind? Parse(string name) =>
        Enum.GetValues<StationEventKind>().Cast<StationEventKind?>().FirstOrDefault(k => NameOf(k!.Value) == name);
}

namespace RadioServer.Playout.Schedule;

/// <summary>Why the scheduler picked an item, in priority order (highest first).</summary>
public enum PickKind
{
    /// <summary>A hard insert: starts on its time; the item before is faded out.</summary>
    HardInsert,

    /// <summary>A soft insert: after the current item, at most its allowed lateness.</summary>
    SoftInsert,

    /// <summary>A station ID after every N music tracks.</summary>
    StationId,

    /// <summary>An operator's request.</summary>
    Request,

    /// <summary>The rotation of the date override, daypart or default rotation in force.</summary>
    Rotation,

    /// <summary>The fallback playlist, when the rotation has nothing.</summary>
    Fallback,
}

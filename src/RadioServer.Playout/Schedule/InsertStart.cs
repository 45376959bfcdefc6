namespace RadioServer.Playout.Schedule;

/// <summary>How an insert takes the air.</summary>
public enum InsertStart
{
    /// <summary>After the current item ends, at most <see cref="InsertRule.MaxLate"/> late; else the current item is faded out then.</summary>
    Soft,

    /// <summary>At its time: the current item is faded out so the insert starts on the second.</summary>
    Hard,
}

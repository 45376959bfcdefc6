namespace RadioServer.Playout.Schedule;

/// <summary>How a playlist's tracks follow each other.</summary>
public enum RotationMode
{
    /// <summary>In file order, starting again at the top.</summary>
    Sequential,

    /// <summary>Each round a new permutation; the last track of a round is never the first of the next.</summary>
    Shuffle,

    /// <summary>Independent random picks (no-repeat windows still apply).</summary>
    Random,
}

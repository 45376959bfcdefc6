namespace RadioServer.Playout.Schedule;

/// <summary>How long a file plays (null when it cannot be aired). Lets the running order be computed without decoding audio.</summary>
public interface IDurationSource
{
    /// <summary>The playing time of <paramref name="path"/>, or null when it is missing or not playable.</summary>
    TimeSpan? DurationOf(string path);
}

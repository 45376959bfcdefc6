namespace RadioServer.Playout.Transitions;

/// <summary>What an item is on air, which decides how it meets its neighbours (playlist key <c>kind</c>).</summary>
public enum ItemRole
{
    /// <summary>Songs: crossfaded into each other.</summary>
    Music,

    /// <summary>A news bulletin: never overlapped; the song before it fades out first.</summary>
    News,

    /// <summary>An advert: never overlapped (advertisers pay for every second of it).</summary>
    Ad,

    /// <summary>A station ID or jingle: never overlapped.</summary>
    Id,
}

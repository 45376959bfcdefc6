using RadioServer.Playout.Transitions;

namespace RadioServer.Configuration;

/// <summary>
/// The station's transitions (section <c>station.transitions</c>): how items meet when neither their playlist nor
/// the item itself says otherwise (the schedule's playlists and items may override every key).
/// </summary>
public sealed record TransitionOptions
{
    /// <summary>Seconds two music items overlap (0: gapless, back to back).</summary>
    public double CrossfadeSeconds { get; init; } = 2;

    /// <summary>linear, logarithmic or equal_power.</summary>
    public FadeCurve Curve { get; init; } = FadeCurve.EqualPower;

    /// <summary>Seconds an item fades in when it is not crossfaded into.</summary>
    public double FadeInSeconds { get; init; }

    /// <summary>Seconds an item fades out when it is not crossfaded out of.</summary>
    public double FadeOutSeconds { get; init; }

    /// <summary>Seconds the music before a news, ad or ID item fades out; the break starts after it.</summary>
    public double BreakFadeSeconds { get; init; } = 1.5;

    /// <summary>As the engine's bottom layer (every field set).</summary>
    public TransitionSettings ToSettings() => new(ItemRole.Music, TimeSpan.FromSeconds(CrossfadeSeconds),
        Curve, TimeSpan.FromSeconds(FadeInSeconds),
        TimeSpan.FromSeconds(FadeOutSeconds), TimeSpan.FromSeconds(BreakFadeSeconds));
}

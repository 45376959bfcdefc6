namespace RadioServer.Playout.Transitions;

/// <summary>
/// How an item meets its neighbours. One layer of settings: a null field inherits from the layer below (item over
/// playlist over station, see <see cref="Over"/>); <see cref="StationDefaults"/> fills every field.
/// </summary>
/// <param name="Role">Music is crossfaded; news, ads and IDs are never overlapped.</param>
/// <param name="Crossfade">How long two music items overlap (the shorter of the two items' values; zero: a gapless cut).</param>
/// <param name="Curve">The shape of this item's fades (a crossfade uses the incoming item's).</param>
/// <param name="FadeIn">How long the item fades in when it is not crossfaded into.</param>
/// <param name="FadeOut">How long the item fades out at its end when it is not crossfaded out of.</param>
/// <param name="BreakFade">For news, ads and IDs: how long the music item before it fades out; the item starts after that fade.</param>
public sealed record TransitionSettings(
    ItemRole? Role = null,
    TimeSpan? Crossfade = null,
    FadeCurve? Curve = null,
    TimeSpan? FadeIn = null,
    TimeSpan? FadeOut = null,
    TimeSpan? BreakFade = null)
{
    /// <summary>The longest fade or overlap a setting may ask for (the engine reads items this far ahead).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromSeconds(10);

    /// <summary>Built-in defaults: music, 2 s equal-power crossfades, no fades, and a 1.5 s fade before a break.</summary>
    public static TransitionSettings StationDefaults { get; } = new(ItemRole.Music, TimeSpan.FromSeconds(2), FadeCurve.EqualPower,
        TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));

    /// <summary>Items back to back with no overlap and no fades (sample-exact gapless playout).</summary>
    public static TransitionSettings Gapless { get; } = StationDefaults with { Crossfade = TimeSpan.Zero, BreakFade = TimeSpan.Zero };

    /// <summary>An empty layer: inherits everything.</summary>
    public static TransitionSettings Inherit { get; } = new();

    /// <summary>This layer's values where set, else <paramref name="below"/>'s.</summary>
    public TransitionSettings Over(TransitionSettings? below) => below is null ? this : new(
        Role ?? below.Role, Crossfade ?? below.Crossfade, Curve ?? below.Curve, FadeIn ?? below.FadeIn, FadeOut ?? below.FadeOut,
        BreakFade ?? below.BreakFade);

    /// <summary>
    /// How long before an item's end the engine must know that end for this layer's transitions to be planned in full:
    /// twice the crossfade (the incoming item is read that far to know whether it is shorter, see
    /// <see cref="TransitionPlan"/>), or the fade-out or break fade, whichever is longest; at most <see cref="MaxLength"/>.
    /// </summary>
    public TimeSpan Reach
    {
        get
        {
            var reach = Crossfade is { } c ? c + c : TimeSpan.Zero;
            reach = FadeOut is { } o && o > reach ? o : reach;
            reach = BreakFade is { } b && b > reach ? b : reach;
            return reach < MaxLength ? reach : MaxLength;
        }
    }

    /// <summary>Whether this item is a break (news, ad, ID), which is never overlapped.</summary>
    public bool IsBreak => Role is not null and not ItemRole.Music;
}

namespace RadioServer.Playout.Transitions;

/// <summary>
/// How one item hands over to the next: both overlap by <see cref="Overlap"/> (a crossfade: the outgoing item fades
/// out and the incoming one fades in over the same stretch), or, with no overlap, the outgoing item fades out over its
/// last <see cref="FadeOut"/> and the incoming one starts after it, fading in over <see cref="FadeIn"/>. The engine
/// and the schedule simulator both use <see cref="Between"/>, so the running order matches what airs.
/// </summary>
public readonly record struct TransitionPlan(TimeSpan Overlap, TimeSpan FadeOut, FadeCurve OutCurve, TimeSpan FadeIn, FadeCurve InCurve)
{
    /// <summary>
    /// The rule: two music items crossfade for the shorter of their crossfade lengths, with the incoming item's curve.
    /// News, ads and IDs are never overlapped; the music item before one fades out over the longer of its own fade-out
    /// and the break's <see cref="TransitionSettings.BreakFade"/>, and the break starts after it. Any other pair: the
    /// outgoing item's fade-out, then the incoming item's fade-in. Both arguments are fully resolved settings;
    /// <paramref name="outgoing"/> is null when nothing plays before.
    /// </summary>
    public static TransitionPlan Between(TransitionSettings? outgoing, TransitionSettings incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var inCurve = incoming.Curve ?? FadeCurve.EqualPower;
        if (outgoing is null)
        {
            return new(TimeSpan.Zero, TimeSpan.Zero, inCurve, incoming.FadeIn ?? TimeSpan.Zero, inCurve);
        }

        var outCurve = outgoing.Curve ?? FadeCurve.EqualPower;
        if (!outgoing.IsBreak && !incoming.IsBreak)
        {
            var overlap = Min(outgoing.Crossfade ?? TimeSpan.Zero, incoming.Crossfade ?? TimeSpan.Zero);
            if (overlap > TimeSpan.Zero)
            {
                return new(overlap, overlap, inCurve, overlap, inCurve);
            }
        }

        var fadeOut = outgoing.FadeOut ?? TimeSpan.Zero;
        if (incoming.IsBreak && !outgoing.IsBreak && incoming.BreakFade is { } breakFade && breakFade > fadeOut)
        {
            fadeOut = breakFade;
        }

        return new(TimeSpan.Zero, fadeOut, outCurve, incoming.FadeIn ?? TimeSpan.Zero, inCurve);
    }

    /// <summary>For the log: "2.0 s equal-power crossfade", "1.5 s equal-power fade-out, then a clean start".</summary>
    public override string ToString()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (Overlap > TimeSpan.Zero)
        {
            return string.Create(c, $"{Overlap.TotalSeconds:0.0##} s {Name(InCurve)} crossfade");
        }

        string o = FadeOut > TimeSpan.Zero ? string.Create(c, $"{FadeOut.TotalSeconds:0.0##} s {Name(OutCurve)} fade-out, then ") : "";
        string i = FadeIn > TimeSpan.Zero ? string.Create(c, $"a {FadeIn.TotalSeconds:0.0##} s {Name(InCurve)} fade-in") : "a clean start";
        return o + i;
    }

    private static string Name(FadeCurve curve) => curve switch
    {
        FadeCurve.EqualPower => "equal-power",
        FadeCurve.Logarithmic => "logarithmic",
        _ => "linear",
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

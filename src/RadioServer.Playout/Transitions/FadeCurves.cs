namespace RadioServer.Playout.Transitions;

/// <summary>Gains of the fade curves.</summary>
public static class FadeCurves
{
    /// <summary>The curves by the names the configuration files use (station.yaml and schedule.yaml).</summary>
    public static readonly IReadOnlyDictionary<string, FadeCurve> ByName = new Dictionary<string, FadeCurve>(StringComparer.Ordinal)
    {
        ["linear"] = FadeCurve.Linear,
        ["logarithmic"] = FadeCurve.Logarithmic,
        ["equal_power"] = FadeCurve.EqualPower,
    };

    /// <summary>"linear, logarithmic or equal_power", for error messages.</summary>
    public static string Names => string.Join(", ", ByName.Keys.SkipLast(1)) + " or " + ByName.Keys.Last();

    /// <summary>Range of the logarithmic curve, in dB.</summary>
    public const double LogarithmicRangeDb = 60;

    /// <summary>Gain of the incoming item at <paramref name="progress"/> (0 = fade starts, 1 = fade done).</summary>
    public static float FadeIn(FadeCurve curve, double progress)
    {
        double x = Math.Clamp(progress, 0, 1);
        return curve switch
        {
            FadeCurve.Linear => (float)x,
            FadeCurve.EqualPower => (float)Math.Sin(x * Math.PI / 2),
            FadeCurve.Logarithmic => x <= 0 ? 0f : (float)Math.Pow(10, -LogarithmicRangeDb * (1 - x) / 20),
            _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, null),
        };
    }

    /// <summary>Gain of the outgoing item at <paramref name="progress"/>.</summary>
    public static float FadeOut(FadeCurve curve, double progress) => FadeIn(curve, 1 - progress);
}

namespace RadioServer.Playout.Analysis;

/// <summary>
/// What one file's analysis found, in the file's own time base. Loudness is measured as the file will sound on a
/// stereo bus (a mono file counts as dual mono). <see cref="Error"/> is set when the file cannot be aired; the
/// failure is cached like a result, so a broken file is not decoded again at every start.
/// </summary>
/// <param name="IntegratedLufs">Integrated loudness (BS.1770-4), −∞ for silence.</param>
/// <param name="LoudnessRangeLu">Loudness range (EBU Tech 3342).</param>
/// <param name="TruePeakDbtp">True peak, 4× oversampled.</param>
/// <param name="SamplePeakDbfs">Largest sample.</param>
/// <param name="CueInSeconds">Where audible audio starts.</param>
/// <param name="CueOutSeconds">Where audible audio ends.</param>
/// <param name="DurationSeconds">Decoded length.</param>
public sealed record TrackAnalysis(
    double IntegratedLufs,
    double LoudnessRangeLu,
    double TruePeakDbtp,
    double SamplePeakDbfs,
    double CueInSeconds,
    double CueOutSeconds,
    double DurationSeconds,
    int SampleRate,
    int Channels,
    string? Error = null)
{
    /// <summary>A file that cannot be aired, and why.</summary>
    public static TrackAnalysis Failed(string error) =>
        new(double.NegativeInfinity, 0, double.NegativeInfinity, double.NegativeInfinity, 0, 0, 0, 0, 0, error);

    /// <summary>True when the loudness is known (the file decoded and is not silent).</summary>
    public bool HasLoudness => Error is null && double.IsFinite(IntegratedLufs);
}

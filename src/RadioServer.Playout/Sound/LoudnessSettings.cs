namespace RadioServer.Playout.Sound;

/// <summary>How items are levelled: the station's loudness target and what to do before a file is analysed.</summary>
/// <param name="TargetLufs">Integrated loudness every item is played at (EBU R128 broadcast is −23; streaming
/// services use −14 to −16; −16 suits a music station heard on phones and laptops).</param>
/// <param name="UnanalysedGainDb">Gain for a file whose analysis has not landed yet. −6 dB: commercial music is
/// mastered at about −8 to −12 LUFS, so this puts a typical song within a few LU of −16 and never boosts a quiet
/// file's noise; the limiter catches the rest.</param>
/// <param name="MaxBoostDb">The most a quiet file is raised, so a near-silent file's noise floor is not pumped up.</param>
/// <param name="Source">Whether the gain comes from the analysis or from the file's ReplayGain track gain tag.</param>
public sealed record LoudnessSettings(
    double TargetLufs = -16,
    double UnanalysedGainDb = -6,
    double MaxBoostDb = 12,
    LoudnessSource Source = LoudnessSource.Analysis)
{
    /// <summary>The loudness ReplayGain 2.0 gains level to (EBU R128 measurement, −18 LUFS reference).</summary>
    public const double ReplayGainReferenceLufs = -18;

    /// <summary>
    /// A track gain outside this (dB) is a broken tag, not a real file: the widest real ones are about ±30 dB, and
    /// obeying −200 dB would put dead air on the station.
    /// </summary>
    public const double MaxPlausibleReplayGainDb = 60;

    /// <summary>
    /// The gain (dB) for an item, and why. This is the one place that decides it: with
    /// <see cref="LoudnessSource.ReplayGain"/> a usable <paramref name="replayGainTrackGainDb"/> wins, otherwise the
    /// analysis, otherwise <see cref="UnanalysedGainDb"/>. Boosts are capped at <see cref="MaxBoostDb"/> either way.
    /// </summary>
    /// <param name="analysis">The file's analysis, or null when it is not known yet.</param>
    /// <param name="replayGainTrackGainDb">The file's ReplayGain track gain tag, or null when it has none (only read
    /// with <see cref="LoudnessSource.ReplayGain"/>; ignored otherwise).</param>
    public (double GainDb, string Why) GainFor(Analysis.TrackAnalysis? analysis, double? replayGainTrackGainDb = null)
    {
        if (Source != LoudnessSource.ReplayGain)
        {
            return FromAnalysis(analysis);
        }

        if (replayGainTrackGainDb is not { } rg)
        {
            var (gain, why) = FromAnalysis(analysis);
            return (gain, $"no ReplayGain track gain tag; {why}");
        }

        if (!double.IsFinite(rg) || Math.Abs(rg) > MaxPlausibleReplayGainDb)
        {
            var (gain, why) = FromAnalysis(analysis);
            return (gain, $"ReplayGain track gain {rg:F2} dB ignored as implausible; {why}");
        }

        // ReplayGain levels to −18 LUFS; the station's target is that much higher (or lower).
        double wanted = rg + (TargetLufs - ReplayGainReferenceLufs);
        return wanted > MaxBoostDb
            ? (MaxBoostDb, $"ReplayGain track gain {rg:+0.00;-0.00} dB, boost capped at {MaxBoostDb:F0} dB")
            : (wanted, $"ReplayGain track gain {rg:+0.00;-0.00} dB → {TargetLufs:F1}");
    }

    private (double GainDb, string Why) FromAnalysis(Analysis.TrackAnalysis? analysis)
    {
        if (analysis is not { HasLoudness: true })
        {
            return (UnanalysedGainDb, analysis?.Error is { } e ? $"analysis failed ({e})" : "not analysed yet");
        }

        double gain = TargetLufs - analysis.IntegratedLufs;
        return gain > MaxBoostDb
            ? (MaxBoostDb, $"{analysis.IntegratedLufs:F1} LUFS, boost capped at {MaxBoostDb:F0} dB")
            : (gain, $"{analysis.IntegratedLufs:F1} LUFS → {TargetLufs:F1}");
    }
}

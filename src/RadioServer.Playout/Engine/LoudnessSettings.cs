namespace RadioServer.Playout.Engine;

/// <summary>How items are levelled: the station's loudness target and what to do before a file is analysed.</summary>
/// <param name="TargetLufs">Integrated loudness every item is played at (EBU R128 broadcast is −23; streaming
/// services use −14 to −16; −16 suits a music station heard on phones and laptops).</param>
/// <param name="UnanalysedGainDb">Gain for a file whose analysis has not landed yet. −6 dB: commercial music is
/// mastered at about −8 to −12 LUFS, so this puts a typical song within a few LU of −16 and never boosts a quiet
/// file's noise; the limiter catches the rest.</param>
/// <param name="MaxBoostDb">The most a quiet file is raised, so a near-silent file's noise floor is not pumped up.</param>
/// <param name="TruePeakCeilingDbtp">The ceiling the bus limiter holds (−1 dBTP leaves room for MP3's overshoot).</param>
public sealed record LoudnessSettings(
    double TargetLufs = -16,
    double UnanalysedGainDb = -6,
    double MaxBoostDb = 12,
    double TruePeakCeilingDbtp = -1)
{
    /// <summary>The gain (dB) for an item, and why.</summary>
    public (double GainDb, string Why) GainFor(Analysis.TrackAnalysis? analysis)
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

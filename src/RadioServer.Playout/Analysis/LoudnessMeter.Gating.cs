namespace RadioServer.Playout.Analysis;

/// <summary>Gated measurements over the accumulated ticks.</summary>
public sealed partial class LoudnessMeter
{
    /// <summary>Gating block: 400 ms (BS.1770-4).</summary>
    public const int BlockTicks = 40;

    /// <summary>Short-term window: 3 s (EBU Tech 3341/3342).</summary>
    public const int ShortTermTicks = 300;

    /// <summary>Step between blocks and between short-term windows: 100 ms (75 % overlap for blocks).</summary>
    public const int StepTicks = 10;

    /// <summary>The absolute gate, in LUFS.</summary>
    public const double AbsoluteGate = -70.0;

    /// <summary>The relative gate of integrated loudness, in LU below the absolute-gated loudness.</summary>
    public const double RelativeGate = -10.0;

    /// <summary>The relative gate of loudness range (EBU Tech 3342), in LU.</summary>
    public const double RangeRelativeGate = -20.0;

    private double[]? _prefix;

    /// <summary>Integrated (gated) loudness of everything processed, in LUFS; −∞ when nothing passes the gates.</summary>
    public double IntegratedLoudness() => IntegratedLoudness(0, Frames);

    /// <summary>Integrated loudness of frames <paramref name="fromFrame"/> to <paramref name="toFrame"/> (whole ticks inside), in LUFS.</summary>
    public double IntegratedLoudness(long fromFrame, long toFrame)
    {
        var z = WindowEnergies(fromFrame, toFrame, BlockTicks);
        return GatedMean(z, RelativeGate, out _);
    }

    /// <summary>Loudness range (EBU Tech 3342) of everything processed, in LU.</summary>
    public double LoudnessRange() => LoudnessRange(0, Frames);

    /// <summary>Loudness range of frames <paramref name="fromFrame"/> to <paramref name="toFrame"/>, in LU.</summary>
    public double LoudnessRange(long fromFrame, long toFrame)
    {
        var z = WindowEnergies(fromFrame, toFrame, ShortTermTicks);
        _ = GatedMean(z, RangeRelativeGate, out double relativeThreshold);
        var gated = new List<double>(z.Count);
        foreach (double e in z)
        {
            double l = ToLufs(e);
            if (l > AbsoluteGate && l > relativeThreshold)
            {
                gated.Add(l);
            }
        }

        if (gated.Count == 0)
        {
            return 0;
        }

        gated.Sort();
        return Percentile(gated, 0.95) - Percentile(gated, 0.10);
    }

    /// <summary>
    /// Where audio louder than <paramref name="thresholdLufs"/> (per 10 ms tick) starts and ends, in frames
    /// (end exclusive); null when no tick is that loud.
    /// </summary>
    public (long StartFrame, long EndFrame)? AudibleRange(double thresholdLufs)
    {
        int first = -1;
        int last = -1;
        for (int k = 0; k < _ticks.Count; k++)
        {
            if (ToLufs(_ticks[k] / (TickStart(k + 1) - TickStart(k))) > thresholdLufs)
            {
                if (first < 0)
                {
                    first = k;
                }

                last = k;
            }
        }

        return first < 0 ? null : (TickStart(first), TickStart(last + 1));
    }

    /// <summary>Mean-square energies of windows of <paramref name="windowTicks"/>, stepped by 100 ms, inside the range.</summary>
    private List<double> WindowEnergies(long fromFrame, long toFrame, int windowTicks)
    {
        double[] prefix = Prefix();
        int from = FirstTickFrom(Math.Max(0, fromFrame));
        int to = Math.Min(_ticks.Count, FirstTickFrom(toFrame + 1) - 1);
        var result = new List<double>(Math.Max(0, (to - from) / StepTicks));
        for (int s = from; s + windowTicks <= to; s += StepTicks)
        {
            long frames = TickStart(s + windowTicks) - TickStart(s);
            result.Add((prefix[s + windowTicks] - prefix[s]) / frames);
        }

        return result;
    }

    /// <summary>BS.1770 gating: absolute gate, then a gate <paramref name="relativeGate"/> LU below the absolute-gated mean.</summary>
    private static double GatedMean(List<double> energies, double relativeGate, out double relativeThreshold)
    {
        double sum = 0;
        int n = 0;
        foreach (double e in energies)
        {
            if (ToLufs(e) > AbsoluteGate)
            {
                sum += e;
                n++;
            }
        }

        if (n == 0)
        {
            relativeThreshold = double.PositiveInfinity;
            return double.NegativeInfinity;
        }

        relativeThreshold = ToLufs(sum / n) + relativeGate;
        double gatedSum = 0;
        int gatedN = 0;
        foreach (double e in energies)
        {
            double l = ToLufs(e);
            if (l > AbsoluteGate && l > relativeThreshold)
            {
                gatedSum += e;
                gatedN++;
            }
        }

        return gatedN == 0 ? double.NegativeInfinity : ToLufs(gatedSum / gatedN);
    }

    /// <summary>Percentile of sorted values with linear interpolation between closest ranks.</summary>
    private static double Percentile(List<double> sorted, double p)
    {
        double rank = p * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((rank - lo) * (sorted[hi] - sorted[lo]));
    }

    private double[] Prefix()
    {
        if (_prefix is { } p && p.Length == _ticks.Count + 1)
        {
            return p;
        }

        p = new double[_ticks.Count + 1];
        for (int k = 0; k < _ticks.Count; k++)
        {
            p[k + 1] = p[k] + _ticks[k];
        }

        _prefix = p;
        return p;
    }
}

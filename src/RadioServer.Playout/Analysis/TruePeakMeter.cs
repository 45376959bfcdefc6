namespace RadioServer.Playout.Analysis;

/// <summary>True peak (BS.1770-4 Annex 2: 4× oversampled) and sample peak of interleaved audio, any channel count.</summary>
public sealed class TruePeakMeter
{
    private readonly TruePeakInterpolator[] _interpolators;

    public TruePeakMeter(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _interpolators = new TruePeakInterpolator[channels];
        for (int c = 0; c < channels; c++)
        {
            _interpolators[c] = new TruePeakInterpolator();
        }
    }

    /// <summary>Largest oversampled magnitude so far (linear, 1.0 = 0 dBTP).</summary>
    public float TruePeak { get; private set; }

    /// <summary>Largest sample magnitude so far (linear).</summary>
    public float SamplePeak { get; private set; }

    /// <summary>True peak in dBTP (−∞ for silence).</summary>
    public double TruePeakDb => ToDb(TruePeak);

    /// <summary>Sample peak in dBFS (−∞ for silence).</summary>
    public double SamplePeakDb => ToDb(SamplePeak);

    public void Process(ReadOnlySpan<float> interleaved)
    {
        int channels = _interpolators.Length;
        float truePeak = TruePeak;
        float samplePeak = SamplePeak;
        for (int i = 0; i + channels <= interleaved.Length; i += channels)
        {
            for (int c = 0; c < channels; c++)
            {
                float x = interleaved[i + c];
                samplePeak = Math.Max(samplePeak, Math.Abs(x));
                truePeak = Math.Max(truePeak, _interpolators[c].Push(x));
            }
        }

        // The interpolators lag by Delay samples; the last few samples still count through the sample peak.
        TruePeak = Math.Max(truePeak, samplePeak);
        SamplePeak = samplePeak;
    }

    /// <summary>Decibels of a linear magnitude.</summary>
    public static double ToDb(double linear) => linear > 0 ? 20 * Math.Log10(linear) : double.NegativeInfinity;
}

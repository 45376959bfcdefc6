namespace RadioServer.Playout.Analysis;

/// <summary>
/// The K-weighting pre-filter of ITU-R BS.1770-4 for any sample rate. BS.1770 tabulates coefficients for
/// 48 kHz only; here both stages are derived from their analogue prototypes (a high shelf of +4 dB around
/// 1.68 kHz and a 38 Hz second-order high-pass) with the bilinear transform and frequency pre-warping, the
/// same derivation libebur128 uses. At 48 kHz it reproduces the table to 1e-8.
/// </summary>
public static class KWeighting
{
    // Analogue prototype parameters that reproduce the BS.1770 48 kHz table.
    private const double ShelfFrequency = 1681.974450955533;
    private const double ShelfGainDb = 3.999843853973347;
    private const double ShelfQ = 0.7071752369554196;
    private const double HighPassFrequency = 38.13547087602444;
    private const double HighPassQ = 0.5003270373238773;

    /// <summary>Stage 1: the head's acoustic effect, a high-frequency shelf.</summary>
    public static Biquad Shelf(double sampleRate)
    {
        double k = Math.Tan(Math.PI * ShelfFrequency / sampleRate);
        double vh = Math.Pow(10, ShelfGainDb / 20);
        double vb = Math.Pow(vh, 0.4996667741545416);
        double a0 = 1 + (k / ShelfQ) + (k * k);
        return new Biquad(
            (vh + (vb * k / ShelfQ) + (k * k)) / a0,
            2 * ((k * k) - vh) / a0,
            (vh - (vb * k / ShelfQ) + (k * k)) / a0,
            2 * ((k * k) - 1) / a0,
            (1 - (k / ShelfQ) + (k * k)) / a0);
    }

    /// <summary>Stage 2: the RLB high-pass.</summary>
    public static Biquad HighPass(double sampleRate)
    {
        double k = Math.Tan(Math.PI * HighPassFrequency / sampleRate);
        double a0 = 1 + (k / HighPassQ) + (k * k);
        return new Biquad(1, -2, 1, 2 * ((k * k) - 1) / a0, (1 - (k / HighPassQ) + (k * k)) / a0);
    }
}

namespace RadioServer.Playout.Analysis;

/// <summary>
/// A second-order IIR section in transposed direct form II, in double precision (the K-weighting high-pass
/// sits at 38 Hz: single precision would lose the low end at 48 kHz). Normalised so that a0 = 1.
/// </summary>
public struct Biquad
{
    private readonly double _b0;
    private readonly double _b1;
    private readonly double _b2;
    private readonly double _a1;
    private readonly double _a2;
    private double _z1;
    private double _z2;

    public Biquad(double b0, double b1, double b2, double a1, double a2)
    {
        _b0 = b0;
        _b1 = b1;
        _b2 = b2;
        _a1 = a1;
        _a2 = a2;
    }

    public readonly double B0 => _b0;

    public readonly double B1 => _b1;

    public readonly double B2 => _b2;

    public readonly double A1 => _a1;

    public readonly double A2 => _a2;

    /// <summary>Filters one sample.</summary>
    public double Process(double x)
    {
        double y = (_b0 * x) + _z1;
        _z1 = (_b1 * x) - (_a1 * y) + _z2;
        _z2 = (_b2 * x) - (_a2 * y);
        return y;
    }

    /// <summary>Magnitude response at <paramref name="frequency"/> Hz for sample rate <paramref name="sampleRate"/>.</summary>
    public readonly double Magnitude(double frequency, double sampleRate)
    {
        double w = 2 * Math.PI * frequency / sampleRate;
        var z1 = System.Numerics.Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        var num = _b0 + (_b1 * z1) + (_b2 * z2);
        var den = 1 + (_a1 * z1) + (_a2 * z2);
        return (num / den).Magnitude;
    }
}

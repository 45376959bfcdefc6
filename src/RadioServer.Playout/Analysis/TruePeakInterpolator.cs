using System.Numerics;

namespace RadioServer.Playout.Analysis;

/// <summary>
/// 4× oversampling polyphase FIR interpolator for one channel, as BS.1770-4 Annex 2 describes for true-peak
/// metering: a windowed-sinc low-pass (cut-off at the input's Nyquist frequency, Kaiser window, 4 × 16 taps)
/// split into four phases, each run at the input rate. Phase 0 is an exact delay of the input (the filter is
/// centred on a tap), so a true peak is never below the sample peak. Allocation-free after construction.
/// </summary>
public sealed class TruePeakInterpolator
{
    /// <summary>Oversampling factor.</summary>
    public const int Factor = 4;

    /// <summary>Taps per phase.</summary>
    public const int TapsPerPhase = 16;

    /// <summary>Input samples between an input sample and the interpolated points that follow it.</summary>
    public const int Delay = TapsPerPhase / 2;

    private static readonly float[] Coefficients = Design();
    private readonly float[] _history = new float[2 * TapsPerPhase];
    private int _pos;

    /// <summary>
    /// Pushes one input sample and returns the largest magnitude among the 4 interpolated points between input
    /// sample <c>n − Delay</c> (included) and <c>n − Delay + 1</c>.
    /// </summary>
    public float Push(float x)
    {
        // History as a doubled ring: the newest TapsPerPhase samples are always contiguous.
        _pos = _pos == 0 ? TapsPerPhase - 1 : _pos - 1;
        _history[_pos] = x;
        _history[_pos + TapsPerPhase] = x;
        ReadOnlySpan<float> h = _history.AsSpan(_pos, TapsPerPhase); // h[k] = x[n - k]
        ReadOnlySpan<float> c = Coefficients;
        float peak = 0;
        for (int p = 0; p < Factor; p++)
        {
            ReadOnlySpan<float> phase = c.Slice(p * TapsPerPhase, TapsPerPhase);
            float y;
            if (Vector.IsHardwareAccelerated && TapsPerPhase % Vector<float>.Count == 0)
            {
                var acc = Vector<float>.Zero;
                for (int k = 0; k < TapsPerPhase; k += Vector<float>.Count)
                {
                    acc += new Vector<float>(phase[k..]) * new Vector<float>(h[k..]);
                }

                y = Vector.Sum(acc);
            }
            else
            {
                y = 0;
                for (int k = 0; k < TapsPerPhase; k++)
                {
                    y += phase[k] * h[k];
                }
            }

            peak = Math.Max(peak, Math.Abs(y));
        }

        return peak;
    }

    /// <summary>Clears the history (silence).</summary>
    public void Reset() => Array.Clear(_history);

    /// <summary>Phase p interpolates the point p/4 of an input period after sample n − Delay; each phase has unity gain at DC.</summary>
    private static float[] Design()
    {
        const int length = Factor * TapsPerPhase;
        const double beta = 7.0;
        int centre = Factor * Delay;
        var proto = new double[length + 1];
        for (int i = 0; i <= length; i++)
        {
            double t = (double)(i - centre) / Factor;
            double sinc = t == 0 ? 1 : Math.Sin(Math.PI * t) / (Math.PI * t);
            double r = (double)(i - centre) / centre;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (r * r)))) / BesselI0(beta);
            proto[i] = sinc * window;
        }

        // Output at time τ = (n − Delay) + p/4 takes x[n − k] with weight sinc(τ − (n − k)) = sinc(k − Delay + p/4),
        // which is prototype tap i = centre + 4·(k − Delay) + p = 4k + p.
        var coefficients = new float[length];
        for (int p = 0; p < Factor; p++)
        {
            double sum = 0;
            for (int k = 0; k < TapsPerPhase; k++)
            {
                double v = proto[(Factor * k) + p];
                coefficients[(p * TapsPerPhase) + k] = (float)v;
                sum += v;
            }

            for (int k = 0; k < TapsPerPhase; k++)
            {
                coefficients[(p * TapsPerPhase) + k] = (float)(coefficients[(p * TapsPerPhase) + k] / sum);
            }
        }

        return coefficients;
    }

    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++)
        {
            term *= x / (2 * k) * (x / (2 * k));
            sum += term;
            if (term < sum * 1e-16)
            {
                break;
            }
        }

        return sum;
    }
}

using RadioServer.Playout.Analysis;
using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Sound;

/// <summary>
/// Look-ahead true-peak limiter for the PCM bus. Each frame's peak is estimated with the same 4× polyphase
/// interpolator as the true-peak meter (the sample and the inter-sample points on both sides, every channel);
/// the gain needed to keep that under the ceiling is held as a running minimum over the look-ahead window,
/// released exponentially, then smoothed by a moving average of the same window. With the audio delayed by the
/// window, every gain in the average already includes the peak's requirement when the peak plays, so the
/// ceiling holds without clipping while the gain moves smoothly (no distortion from instant gain steps).
/// A final clamp at the ceiling only guards against rounding. Allocation-free per block.
/// </summary>
public sealed class TruePeakLimiter : IPcmProcessor
{
    private readonly int _channels;
    private readonly float _ceiling;
    private readonly TruePeakInterpolator[] _interpolators;
    private readonly int _window;
    private readonly double _release;
    private readonly float[] _delayLine;
    private readonly int _delayFrames;
    private readonly long[] _minIndex;
    private readonly float[] _minValue;
    private readonly double[] _box;
    private int _minHead;
    private int _minCount;
    private double _released = 1;
    private double _boxSum;
    private int _boxPos;
    private int _delayPos;
    private float _previousPeak;
    private long _n;

    /// <param name="ceilingDbtp">The true-peak ceiling.</param>
    /// <param name="lookahead">Attack time and look-ahead (default 5 ms).</param>
    /// <param name="release">Time constant of the gain's recovery (default 150 ms).</param>
    public TruePeakLimiter(int sampleRate, int channels, double ceilingDbtp = -1, TimeSpan? lookahead = null, TimeSpan? release = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ceilingDbtp, 0);
        _channels = channels;
        _ceiling = (float)Math.Pow(10, ceilingDbtp / 20);
        CeilingDbtp = ceilingDbtp;
        _interpolators = new TruePeakInterpolator[channels];
        for (int c = 0; c < channels; c++)
        {
            _interpolators[c] = new TruePeakInterpolator();
        }

        _window = Math.Max(1, (int)Math.Round((lookahead ?? TimeSpan.FromMilliseconds(5)).TotalSeconds * sampleRate));
        _release = 1 - Math.Exp(-1 / Math.Max(1, (release ?? TimeSpan.FromMilliseconds(150)).TotalSeconds * sampleRate));
        _delayFrames = _window - 1 + TruePeakInterpolator.Delay;
        _delayLine = new float[_delayFrames * channels];
        _minIndex = new long[_window];
        _minValue = new float[_window];
        _box = new double[_window];
        Array.Fill(_box, 1.0);
        _boxSum = _window;
    }

    public double CeilingDbtp { get; }

    public int LatencyFrames => _delayFrames;

    /// <summary>The lowest gain applied since the last call to <see cref="TakeMinimumGain"/> (1 = no limiting).</summary>
    public float MinimumGain { get; private set; } = 1;

    /// <summary>Returns <see cref="MinimumGain"/> and resets it (for a gain-reduction meter).</summary>
    public float TakeMinimumGain()
    {
        float g = MinimumGain;
        MinimumGain = 1;
        return g;
    }

    public void Process(Span<float> interleaved)
    {
        int channels = _channels;
        for (int f = 0; f + channels <= interleaved.Length; f += channels)
        {
            Span<float> frame = interleaved.Slice(f, channels);
            float peak = 0;
            for (int c = 0; c < channels; c++)
            {
                peak = Math.Max(peak, _interpolators[c].Push(frame[c]));
            }

            // The sample n − Delay with the inter-sample intervals on both sides of it.
            float around = Math.Max(peak, _previousPeak);
            _previousPeak = peak;
            float needed = around > _ceiling ? _ceiling / around : 1f;
            float held = RunningMinimum(needed);
            _released = held < _released ? held : _released + ((held - _released) * _release);
            float gain = (float)Smooth(_released);
            MinimumGain = Math.Min(MinimumGain, gain);

            Span<float> delayed = _delayLine.AsSpan(_delayPos * channels, channels);
            for (int c = 0; c < channels; c++)
            {
                float y = delayed[c] * gain;
                delayed[c] = frame[c];
                frame[c] = Math.Clamp(y, -_ceiling, _ceiling);
            }

            _delayPos = _delayPos + 1 == _delayFrames ? 0 : _delayPos + 1;
            _n++;
        }
    }

    /// <summary>Minimum of the last <c>_window</c> values (monotonic queue in fixed ring arrays).</summary>
    private float RunningMinimum(float value)
    {
        int window = _window;
        if (_minCount > 0 && _minIndex[_minHead] <= _n - window)
        {
            _minHead = _minHead + 1 == window ? 0 : _minHead + 1;
            _minCount--;
        }

        while (_minCount > 0 && _minValue[(_minHead + _minCount - 1) % window] >= value)
        {
            _minCount--;
        }

        int tail = (_minHead + _minCount) % window;
        _minValue[tail] = value;
        _minIndex[tail] = _n;
        _minCount++;
        return _minValue[_minHead];
    }

    /// <summary>Moving average over the window; the sum is recomputed at each wrap so rounding cannot drift.</summary>
    private double Smooth(double value)
    {
        _boxSum += value - _box[_boxPos];
        _box[_boxPos] = value;
        if (++_boxPos == _window)
        {
            _boxPos = 0;
            double sum = 0;
            foreach (double v in _box)
            {
                sum += v;
            }

            _boxSum = sum;
        }

        return Math.Min(1.0, _boxSum / _window);
    }
}

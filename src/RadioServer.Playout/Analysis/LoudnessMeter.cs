namespace RadioServer.Playout.Analysis;

/// <summary>
/// Loudness per ITU-R BS.1770-4 / EBU R128 (integrated loudness with absolute and relative gating) and loudness
/// range per EBU Tech 3342, for any sample rate and channel count. Feed it interleaved samples with
/// <see cref="Process"/>, then ask for <see cref="IntegratedLoudness()"/>, <see cref="LoudnessRange()"/> or the
/// audible range (cue points).
/// </summary>
/// <remarks>
/// The K-weighted, channel-weighted energy is kept per 10 ms tick (tick <c>k</c> covers frames
/// <c>⌊k·fs/100⌋ … ⌊(k+1)·fs/100⌋</c>, so rates such as 11025 Hz stay exact on average). A 400 ms gating block
/// is 40 ticks stepped by 10 (75 % overlap), a 3 s short-term window 300 ticks stepped by 10; any stretch of
/// the input can be measured afterwards without re-filtering. Memory: 8 bytes per 10 ms (2.9 MB per hour).
/// </remarks>
public sealed partial class LoudnessMeter
{
    /// <summary>Ticks per second: the resolution of cue points and of the block grid.</summary>
    public const int TicksPerSecond = 100;

    private readonly Biquad[] _shelf;
    private readonly Biquad[] _highPass;
    private readonly double[] _weights;
    private readonly List<double> _ticks = [];
    private double _accumulator;
    private long _nextTickEnd;

    /// <param name="sampleRate">Samples per second per channel.</param>
    /// <param name="channels">Interleaved channels.</param>
    /// <param name="channelWeights">BS.1770 channel weights G<sub>i</sub> (default 1 for every channel; use 1.41
    /// for surround channels, or 2 for a mono file that will be played as dual mono).</param>
    public LoudnessMeter(int sampleRate, int channels, IReadOnlyList<double>? channelWeights = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (channelWeights is not null && channelWeights.Count != channels)
        {
            throw new ArgumentException("one weight per channel is required", nameof(channelWeights));
        }

        SampleRate = sampleRate;
        Channels = channels;
        _shelf = new Biquad[channels];
        _highPass = new Biquad[channels];
        _weights = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            _shelf[c] = KWeighting.Shelf(sampleRate);
            _highPass[c] = KWeighting.HighPass(sampleRate);
            _weights[c] = channelWeights?[c] ?? 1.0;
        }

        _nextTickEnd = TickStart(1);
    }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Sample frames processed so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Complete 10 ms ticks so far.</summary>
    public int Ticks => _ticks.Count;

    /// <summary>Filters and accumulates interleaved samples (any length; a partial frame at the end is ignored).</summary>
    public void Process(ReadOnlySpan<float> interleaved)
    {
        int channels = Channels;
        int frames = interleaved.Length / channels;
        Biquad[] shelf = _shelf;
        Biquad[] highPass = _highPass;
        double[] weights = _weights;
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            int offset = f * channels;
            for (int c = 0; c < channels; c++)
            {
                double y = highPass[c].Process(shelf[c].Process(interleaved[offset + c]));
                sum += weights[c] * y * y;
            }

            _accumulator += sum;
            if (++Frames == _nextTickEnd)
            {
                _ticks.Add(_accumulator);
                _accumulator = 0;
                _nextTickEnd = TickStart(_ticks.Count + 1);
            }
        }
    }

    /// <summary>The first frame of tick <paramref name="tick"/>.</summary>
    public long TickStart(long tick) => tick * SampleRate / TicksPerSecond;

    /// <summary>The first tick that starts at or after <paramref name="frame"/>.</summary>
    public int FirstTickFrom(long frame)
    {
        long k = Math.Max(0, frame * TicksPerSecond / SampleRate);
        while (TickStart(k) < frame)
        {
            k++;
        }

        while (k > 0 && TickStart(k - 1) >= frame)
        {
            k--;
        }

        return (int)k;
    }

    /// <summary>Loudness (LUFS, ungated) of a mean-square energy, as in BS.1770: −0.691 + 10·log10(z).</summary>
    public static double ToLufs(double meanSquare) => meanSquare > 0 ? -0.691 + (10 * Math.Log10(meanSquare)) : double.NegativeInfinity;
}

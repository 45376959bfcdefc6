using NAudio.Wave;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Transitions;

public class CrossfadingPlayerTests
{
    private const int Rate = 44100;
    private static readonly WaveFormat Format = WaveFormat.CreateIeeeFloatWaveFormat(Rate, 2);

    private static (float[] Output, List<long> Starts) Play(TimeSpan overlap, FadeCurve curve, int readFrames, params (double Seconds, float Value)[] items)
    {
        int next = 0;
        var player = new CrossfadingPlayer(Format, overlap, curve,
            () => next < items.Length ? new Constant(items[next].Value, (long)(items[next++].Seconds * Rate)) : null);
        var starts = new List<long>();
        player.ItemStarted += starts.Add;
        var output = new List<float>();
        var buffer = new float[readFrames * 2];
        int n;
        while ((n = player.Read(buffer)) > 0)
        {
            output.AddRange(buffer.AsSpan(0, n));
        }

        return ([.. output], starts);
    }

    /// <summary>Frames (left channel) where the output is neither item alone: the measured overlap.</summary>
    private static int MixedFrames(float[] output, float a, float b)
    {
        int mixed = 0;
        for (int i = 0; i < output.Length; i += 2)
        {
            if (Math.Abs(output[i] - a) > 1e-4 && Math.Abs(output[i] - b) > 1e-4)
            {
                mixed++;
            }
        }

        return mixed;
    }

    [Theory]
    [InlineData(FadeCurve.Linear)]
    [InlineData(FadeCurve.EqualPower)]
    [InlineData(FadeCurve.Logarithmic)]
    public void Read_TwoSecondCrossfade_OverlapMeasures2s(FadeCurve curve)
    {
        var (output, starts) = Play(TimeSpan.FromSeconds(2), curve, 2205, (5, 0.8f), (5, -0.4f));
        double overlapSeconds = (double)MixedFrames(output, 0.8f, -0.4f) / Rate;
        Assert.InRange(overlapSeconds, 1.95, 2.05);
        Assert.Equal([0L, 3L * Rate], starts);
        Assert.Equal(8 * Rate * 2, output.Length);
    }

    [Fact]
    public void Read_LinearCrossfade_MidpointIsTheAverage()
    {
        var (output, _) = Play(TimeSpan.FromSeconds(2), FadeCurve.Linear, 2205, (5, 0.8f), (5, -0.4f));
        Assert.Equal(0.2f, output[4 * Rate * 2], 3);
    }

    [Fact]
    public void Read_TinyReads_SameOutputAsBlockReads()
    {
        var (big, bigStarts) = Play(TimeSpan.FromSeconds(1), FadeCurve.EqualPower, 2205, (3, 0.8f), (2, -0.4f), (3, 0.3f));
        var (tiny, tinyStarts) = Play(TimeSpan.FromSeconds(1), FadeCurve.EqualPower, 7, (3, 0.8f), (2, -0.4f), (3, 0.3f));
        Assert.Equal(bigStarts, tinyStarts);
        Assert.Equal(big.Length, tiny.Length);
        for (int i = 0; i < big.Length; i++)
        {
            Assert.Equal(big[i], tiny[i], 5);
        }
    }

    [Fact]
    public void Read_ZeroOverlap_GaplessCut()
    {
        var (output, starts) = Play(TimeSpan.Zero, FadeCurve.Linear, 2205, (1, 0.8f), (1, -0.4f));
        Assert.Equal(2 * Rate * 2, output.Length);
        Assert.Equal([0L, Rate], starts);
        Assert.Equal(0, MixedFrames(output, 0.8f, -0.4f));
        Assert.Equal(0.8f, output[(Rate * 2) - 1]);
        Assert.Equal(-0.4f, output[Rate * 2]);
    }

    [Fact]
    public void Read_ItemShorterThanOverlap_FadesOverItsWholeLength()
    {
        var (output, starts) = Play(TimeSpan.FromSeconds(2), FadeCurve.Linear, 2205, (1, 0.8f), (5, -0.4f));
        Assert.Equal([0L, 0L], starts);
        Assert.InRange((double)MixedFrames(output, 0.8f, -0.4f) / Rate, 0.95, 1.05);
    }

    [Fact]
    public void Read_NothingFollows_TailPlaysOutThenEnds()
    {
        var (output, starts) = Play(TimeSpan.FromSeconds(2), FadeCurve.Linear, 2205, (3, 0.8f));
        Assert.Single(starts);
        Assert.Equal(3 * Rate * 2, output.Length);
        Assert.All(output, s => Assert.Equal(0.8f, s));
    }

    private sealed class Constant(float value, long frames) : ISampleProvider
    {
        private long _left = frames * 2;

        public WaveFormat WaveFormat => Format;

        public int Read(Span<float> buffer)
        {
            int n = (int)Math.Min(buffer.Length, _left);
            buffer[..n].Fill(value);
            _left -= n;
            return n;
        }
    }
}

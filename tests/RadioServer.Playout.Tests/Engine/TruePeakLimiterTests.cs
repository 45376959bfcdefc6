using RadioServer.Playout.Analysis;
using RadioServer.Playout.Sound;
using RadioServer.Playout.Tests.Analysis;

namespace RadioServer.Playout.Tests.Engine;

public class TruePeakLimiterTests
{
    private const int Rate = 44100;

    private static float[] RunInBlocks(TruePeakLimiter limiter, float[] input, int blockFrames = 2205)
    {
        var output = (float[])input.Clone();
        for (int pos = 0; pos < output.Length; pos += blockFrames * 2)
        {
            limiter.Process(output.AsSpan(pos, Math.Min(blockFrames * 2, output.Length - pos)));
        }

        return output;
    }

    [Theory]
    [InlineData(1000, 6.0)]
    [InlineData(11025, 0.0)]
    [InlineData(60, 12.0)]
    public void Process_LoudSine_TruePeakStaysUnderCeiling(double frequency, double dbfs)
    {
        var limiter = new TruePeakLimiter(Rate, 2, -1);
        var input = EbuSignals.Tone(frequency, Rate, 2, (0.5, -20), (3, dbfs), (0.5, -20));
        var output = RunInBlocks(limiter, input);
        var meter = new TruePeakMeter(2);
        meter.Process(output);
        Assert.True(meter.SamplePeakDb <= -1.0 + 1e-4, $"sample peak {meter.SamplePeakDb:F3} dBFS");
        Assert.True(meter.TruePeakDb <= -1.0 + 0.1, $"true peak {meter.TruePeakDb:F3} dBTP");
    }

    [Fact]
    public void Process_InterSamplePeakAboveCeiling_IsLimited()
    {
        // fs/4 at 45°: samples 3 dB below the crest; true peak −0.5 dBTP, sample peak −3.5 dBFS. Faded in over
        // 20 ms, because an abrupt onset makes any band-limited interpolator (meter or limiter) ring.
        var input = new float[Rate * 2 * 2];
        double amplitude = Math.Pow(10, -0.5 / 20);
        int fade = Rate / 50;
        for (int i = 0; i < Rate * 2; i++)
        {
            double envelope = i >= fade ? 1 : 0.5 - (0.5 * Math.Cos(Math.PI * i / fade));
            input[2 * i] = input[(2 * i) + 1] = (float)(envelope * amplitude * Math.Sin((Math.PI / 2 * i) + (Math.PI / 4)));
        }

        var output = RunInBlocks(new TruePeakLimiter(Rate, 2, -1), input);
        var meter = new TruePeakMeter(2);
        meter.Process(output);
        Assert.InRange(meter.TruePeakDb, -1.1, -0.95);
        Assert.InRange(meter.SamplePeakDb, -4.1, -3.9);
    }

    [Fact]
    public void Process_QuietSignal_PassesUnchangedAfterLatency()
    {
        var limiter = new TruePeakLimiter(Rate, 2, -1);
        var input = EbuSignals.Tone(1000, Rate, 2, (1, -12));
        var output = RunInBlocks(limiter, input);
        int latency = limiter.LatencyFrames * 2;
        for (int i = latency; i < output.Length; i++)
        {
            Assert.Equal(input[i - latency], output[i]);
        }

        Assert.All(output.AsSpan(0, latency).ToArray(), s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Process_SteadyState_AllocatesNothing()
    {
        var limiter = new TruePeakLimiter(Rate, 2, -1);
        var block = EbuSignals.Tone(1000, Rate, 2, (0.05, 3));
        limiter.Process(block);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            limiter.Process(block);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using RadioServer.Playout.Analysis;

namespace RadioServer.Playout.Tests.Analysis;

/// <summary>EBU Tech 3341 (integrated loudness) and Tech 3342 (loudness range) reference cases, generated here.</summary>
public class LoudnessMeterTests
{
    private static double Integrated(int sampleRate, params (double, double)[] segments)
    {
        var meter = new LoudnessMeter(sampleRate, 2);
        EbuSignals.Feed(meter.Process, EbuSignals.Sine(sampleRate, segments), 2);
        return meter.IntegratedLoudness();
    }

    private static double Range(int sampleRate, params (double, double)[] segments)
    {
        var meter = new LoudnessMeter(sampleRate, 2);
        EbuSignals.Feed(meter.Process, EbuSignals.Sine(sampleRate, segments), 2);
        return meter.LoudnessRange();
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(32000)]
    [InlineData(22050)]
    [InlineData(11025)]
    [InlineData(8000)]
    public void IntegratedLoudness_Tech3341Case1SineAtMinus23_ReadsMinus23(int sampleRate)
    {
        Assert.InRange(Integrated(sampleRate, (20, -23)), -23.1, -22.9);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void IntegratedLoudness_Tech3341Case2SineAtMinus33_ReadsMinus33(int sampleRate)
    {
        Assert.InRange(Integrated(sampleRate, (20, -33)), -33.1, -32.9);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void IntegratedLoudness_Tech3341Case3RelativeGate_ReadsMinus23(int sampleRate)
    {
        Assert.InRange(Integrated(sampleRate, (10, -36), (60, -23), (10, -36)), -23.1, -22.9);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void IntegratedLoudness_Tech3341Case4AbsoluteAndRelativeGate_ReadsMinus23(int sampleRate)
    {
        Assert.InRange(Integrated(sampleRate, (10, -72), (10, -36), (60, -23), (10, -36), (10, -72)), -23.1, -22.9);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void IntegratedLoudness_Tech3341Case5LouderMiddle_ReadsMinus23(int sampleRate)
    {
        Assert.InRange(Integrated(sampleRate, (20, -26), (20.1, -20), (20, -26)), -23.1, -22.9);
    }

    [Fact]
    public void IntegratedLoudness_Silence_IsNegativeInfinity()
    {
        Assert.Equal(double.NegativeInfinity, Integrated(44100, (5, -200)));
    }

    [Fact]
    public void IntegratedLoudness_MonoWithDualMonoWeight_EqualsStereo()
    {
        var mono = EbuSignals.Tone(1000, 44100, 1, (20, -23));
        var meter = new LoudnessMeter(44100, 1, [2.0]);
        meter.Process(mono);
        Assert.InRange(meter.IntegratedLoudness(), -23.1, -22.9);
    }

    [Fact]
    public void IntegratedLoudness_FrameRange_MeasuresOnlyThatStretch()
    {
        var meter = new LoudnessMeter(44100, 2);
        meter.Process(EbuSignals.Sine(44100, (10, -30), (10, -15)));
        Assert.InRange(meter.IntegratedLoudness(0, 441000), -30.1, -29.9);
        Assert.InRange(meter.IntegratedLoudness(441000, 882000), -15.1, -14.9);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void LoudnessRange_Tech3342Case1_Is10(int sampleRate)
    {
        Assert.InRange(Range(sampleRate, (20, -20), (20, -30)), 9, 11);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void LoudnessRange_Tech3342Case2_Is5(int sampleRate)
    {
        Assert.InRange(Range(sampleRate, (20, -20), (20, -15)), 4, 6);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void LoudnessRange_Tech3342Case3_Is20(int sampleRate)
    {
        Assert.InRange(Range(sampleRate, (20, -40), (20, -20)), 19, 21);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void LoudnessRange_Tech3342Case4_Is15(int sampleRate)
    {
        Assert.InRange(Range(sampleRate, (20, -50), (20, -35), (20, -20), (20, -35), (20, -50)), 14, 16);
    }

    [Fact]
    public void LoudnessRange_SteadyTone_IsZero()
    {
        Assert.InRange(Range(44100, (20, -23)), 0, 0.1);
    }

    [Fact]
    public void AudibleRange_SilentHeadAndTail_FindsTheTone()
    {
        var meter = new LoudnessMeter(44100, 2);
        meter.Process(EbuSignals.Sine(44100, (1.5, -200), (5, -20), (2.25, -200)));
        var range = meter.AudibleRange(meter.IntegratedLoudness() - 40);
        Assert.NotNull(range);
        Assert.InRange(range.Value.StartFrame, (long)(1.49 * 44100), (long)(1.51 * 44100));
        Assert.InRange(range.Value.EndFrame, (long)(6.49 * 44100), (long)(6.51 * 44100));
    }
}

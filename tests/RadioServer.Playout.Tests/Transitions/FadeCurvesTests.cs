using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Transitions;

public class FadeCurvesTests
{
    [Theory]
    [InlineData(FadeCurve.Linear)]
    [InlineData(FadeCurve.EqualPower)]
    [InlineData(FadeCurve.Logarithmic)]
    public void FadeIn_EndsAtZeroAndOne_AndRisesMonotonically(FadeCurve curve)
    {
        Assert.Equal(0f, FadeCurves.FadeIn(curve, 0));
        Assert.Equal(1f, FadeCurves.FadeIn(curve, 1), 6);
        float last = 0;
        for (int i = 1; i <= 100; i++)
        {
            float g = FadeCurves.FadeIn(curve, i / 100.0);
            Assert.True(g >= last);
            last = g;
        }
    }

    [Fact]
    public void EqualPower_SumOfSquares_IsOne()
    {
        for (int i = 0; i <= 100; i++)
        {
            float a = FadeCurves.FadeIn(FadeCurve.EqualPower, i / 100.0);
            float b = FadeCurves.FadeOut(FadeCurve.EqualPower, i / 100.0);
            Assert.Equal(1.0, (a * a) + (b * b), 5);
        }
    }

    [Fact]
    public void Logarithmic_Midpoint_IsMinus30dB()
    {
        Assert.Equal(-30, 20 * Math.Log10(FadeCurves.FadeIn(FadeCurve.Logarithmic, 0.5)), 3);
    }
}

using RadioServer.Playout.Analysis;

namespace RadioServer.Playout.Tests.Analysis;

public class KWeightingTests
{
    [Fact]
    public void Shelf_At48kHz_MatchesBs1770Table()
    {
        var s = KWeighting.Shelf(48000);
        Assert.Equal(1.53512485958697, s.B0, 1e-8);
        Assert.Equal(-2.69169618940638, s.B1, 1e-8);
        Assert.Equal(1.19839281085285, s.B2, 1e-8);
        Assert.Equal(-1.69065929318241, s.A1, 1e-8);
        Assert.Equal(0.73248077421585, s.A2, 1e-8);
    }

    [Fact]
    public void HighPass_At48kHz_MatchesBs1770Table()
    {
        var h = KWeighting.HighPass(48000);
        Assert.Equal(1.0, h.B0);
        Assert.Equal(-2.0, h.B1);
        Assert.Equal(1.0, h.B2);
        Assert.Equal(-1.99004745483398, h.A1, 1e-8);
        Assert.Equal(0.99007225036621, h.A2, 1e-8);
    }

    [Theory]
    [InlineData(8000, 0.5)]
    [InlineData(11025, 0.3)]
    [InlineData(22050, 0.1)]
    [InlineData(32000, 0.05)]
    [InlineData(44100, 0.02)]
    [InlineData(96000, 0.05)]
    public void Response_AnySampleRate_MatchesResponseAt48kHz(int sampleRate, double toleranceDb)
    {
        // Derived per rate, the response up to a quarter of the rate agrees with 48 kHz (the bilinear transform warps
        // frequencies towards Nyquist: at 8 kHz the shelf is 0.4 dB off at 2 kHz).
        foreach (double f in new[] { 20.0, 50, 100, 500, 1000, 2000, 3000 })
        {
            if (f > sampleRate / 4.0)
            {
                continue;
            }

            double reference = Response(48000, f);
            double here = Response(sampleRate, f);
            Assert.InRange(here - reference, -toleranceDb, toleranceDb);
        }
    }

    private static double Response(int sampleRate, double f) =>
        20 * Math.Log10(KWeighting.Shelf(sampleRate).Magnitude(f, sampleRate) * KWeighting.HighPass(sampleRate).Magnitude(f, sampleRate));
}

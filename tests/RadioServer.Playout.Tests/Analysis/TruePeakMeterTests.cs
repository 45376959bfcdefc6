using RadioServer.Playout.Analysis;

namespace RadioServer.Playout.Tests.Analysis;

/// <summary>
/// True-peak cases in the form of EBU Tech 3341 cases 15–18: sines whose true peak is −6 dBTP but whose samples
/// miss the crest (sample peak lower); the meter must read −6.0 dBTP within +0.2/−0.4 dB.
/// </summary>
public class TruePeakMeterTests
{
    private static TruePeakMeter Measure(int sampleRate, double frequency, double phaseDegrees, double dbtp, int channels = 2)
    {
        double amplitude = Math.Pow(10, dbtp / 20);
        double phase = phaseDegrees * Math.PI / 180;
        int frames = sampleRate; // 1 s
        int fade = sampleRate / 50; // 20 ms raised-cosine fades: an abrupt onset rings in any band-limited interpolator
        var s = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            int edge = Math.Min(i, frames - 1 - i);
            double envelope = edge >= fade ? 1 : 0.5 - (0.5 * Math.Cos(Math.PI * edge / fade));
            float v = (float)(envelope * amplitude * Math.Sin((2 * Math.PI * frequency * i / sampleRate) + phase));
            for (int c = 0; c < channels; c++)
            {
                s[(i * channels) + c] = v;
            }
        }

        var meter = new TruePeakMeter(channels);
        EbuSignals.Feed(meter.Process, s, channels);
        return meter;
    }

    [Theory]
    [InlineData(48000, 12000, 0)]     // case 15: fs/4, 0°: samples hit the crest
    [InlineData(48000, 12000, 45)]    // case 16: fs/4, 45°: sample peak −9.0 dBFS
    [InlineData(48000, 8000, 60)]     // case 17: fs/6, 60°
    [InlineData(48000, 6000, 67.5)]   // case 18: fs/8, 67.5°
    [InlineData(44100, 11025, 45)]
    [InlineData(44100, 997, 30)]
    public void TruePeak_SineAtMinus6Dbtp_ReadsMinus6(int sampleRate, double frequency, double phase)
    {
        var meter = Measure(sampleRate, frequency, phase, -6.0);
        Assert.InRange(meter.TruePeakDb, -6.4, -5.8);
    }

    [Fact]
    public void TruePeak_Fs4At45Degrees_ExceedsSamplePeakBy3dB()
    {
        var meter = Measure(48000, 12000, 45, 0);
        Assert.InRange(meter.SamplePeakDb, -3.1, -2.9);
        Assert.InRange(meter.TruePeakDb, -0.4, 0.2);
    }

    [Fact]
    public void TruePeak_Silence_IsNegativeInfinity()
    {
        var meter = new TruePeakMeter(2);
        meter.Process(new float[2000]);
        Assert.Equal(double.NegativeInfinity, meter.TruePeakDb);
    }
}

using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Tests.Audio;

public class StationFormatTests
{
    [Theory]
    [MemberData(nameof(Files))]
    public void Convert_DemoFile_YieldsStationFormatAndExpectedLength(string file)
    {
        var probe = Mp3Probe.Probe(file);
        using var decoder = new Mp3FileSampleProvider(file);
        var converted = StationFormat.Default.Convert(decoder);
        Assert.Equal(44100, converted.WaveFormat.SampleRate);
        Assert.Equal(2, converted.WaveFormat.Channels);
        var buffer = new float[44100 * 2];
        long total = 0;
        float peak = 0;
        int n;
        while ((n = converted.Read(buffer)) > 0)
        {
            total += n;
            for (int i = 0; i < n; i++)
            {
                peak = Math.Max(peak, Math.Abs(buffer[i]));
            }
        }

        double seconds = total / 2.0 / 44100;
        Assert.InRange(seconds, probe.Duration.TotalSeconds - 0.2, probe.Duration.TotalSeconds + 0.2);
        Assert.InRange(peak, 0.01f, 1f);
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in DemoFiles.AllMp3.Order(StringComparer.Ordinal))
        {
            data.Add(f);
        }

        return data;
    }

    [Fact]
    public void Sanitize_OutOfRangeAndNaN_AreClampedOrSilenced()
    {
        float[] s = [float.NaN, float.PositiveInfinity, 3.8e7f, -2f, 0.5f];
        Mp3FileSampleProvider.Sanitize(s);
        Assert.Equal([0f, 0f, 1f, -1f, 0.5f], s);
    }
}

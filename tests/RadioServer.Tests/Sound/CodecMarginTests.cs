using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Streaming.Mounts;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Sound;

[Trait("Layer", "Unit")]
public class CodecMarginTests
{
    [Theory]
    [InlineData(MountCodec.Mp3, 128, 2, 1.0)]
    [InlineData(MountCodec.Mp3, 320, 2, 1.0)]
    [InlineData(MountCodec.Mp3, 64, 2, 1.5)]
    [InlineData(MountCodec.Mp3, 32, 1, 1.5)]
    [InlineData(MountCodec.Mp3, 24, 1, 2.0)]
    [InlineData(MountCodec.Opus, 48, 2, 1.0)]
    [InlineData(MountCodec.Opus, 16, 1, 1.5)]
    [InlineData(MountCodec.Opus, 16, 2, 2.0)]
    public void CodecMargin_ByBitratePerChannel(MountCodec format, int kbps, int channels, double expected) =>
        Assert.Equal(expected, CodecMargin.Of(new MountOptions { Format = format, Bitrate = kbps, Channels = channels }));

    [Fact]
    public void LimiterCeiling_DemoStation_TheLargestMarginOfItsMounts()
    {
        string config = Path.Combine(Configuration.StationConfigTests.FindRoot(), "config", "station.yaml");
        var options = RadioServerApp.Build(["--config", config]).Services.GetRequiredService<StationOptions>();
        Assert.Equal(-2.5, CodecMargin.LimiterCeiling(options.TruePeakCeiling, options.Mounts)); // /mobile.mp3: 32 kbps mono
        Assert.Equal(-1.25, CodecMargin.LimiterCeiling(options.TruePeakCeiling, options.Mounts, 0.25));
    }

    [Fact]
    public void Build_CodecHeadroomOutOfRange_ReportedWithLocation()
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, "station:\n  name: T\n  playlist: .\n  codec_headroom: 9\n  mounts:\n    - path: /a.mp3\n");
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:4:19: codec_headroom 9 dB is not between 0 and 6", e.Message, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Configuration;
using RadioServer.Playout;
using RadioServer.Playout.Library;
using RadioServer.Streaming.Mounts;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Sound;

[Trait("Layer", "Unit")]
public class StationAnalysisCacheTests
{
    [Fact]
    public void Station_SecondStartWithSameDataFolder_HasNothingToAnalyse()
    {
        string root = Configuration.StationConfigTests.FindRoot();
        string data = StationHost.TempDir();
        var options = new StationOptions
        {
            Playlist = Path.Combine(root, "playlists", "demo.m3u"),
            DataFolder = data,
            AnalysisThreads = 1,
            Mounts = [new MountOptions { Path = "/a.mp3" }],
        };
        var paths = PlaylistReader.Read(options.Playlist).Select(e => e.Path).Distinct().ToList();

        using (var first = new StationPlayout(options.ToPlayoutOptions(), TimeProvider.System, NullLoggerFactory.Instance))
        {
            first.Analyzer.AnalyseAll(paths, Environment.ProcessorCount);
            Assert.Equal(paths.Count, first.Analyzer.Analysed);
        }

        using var second = new StationPlayout(options.ToPlayoutOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        Assert.All(paths, p => Assert.NotNull(second.Analyzer.Find(p)));
        Assert.Equal(0, second.Analyzer.Pending);
        Assert.Equal(0, second.Analyzer.Analysed);
    }
}

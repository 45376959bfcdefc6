using RadioServer.Playout.Analysis;

namespace RadioServer.Playout.Tests.Analysis;

public class AnalysisCacheTests
{
    private static readonly TrackAnalysis Sample = new(-14.2, 6.5, -0.8, -1.1, 0.25, 181.5, 182, 44100, 2);

    [Fact]
    public void Save_ThenNewInstance_ReadsTheSameResults()
    {
        string dir = DemoFiles.TempDir();
        var key = new FileKey("/music/a.mp3", 1234, 5678);
        var silent = new FileKey("/music/silent.mp3", 1, 2);
        var cache = new AnalysisCache(dir);
        cache.Set(key, Sample);
        cache.Set(silent, TrackAnalysis.Failed("decoded to nothing"));
        cache.Save();

        var reloaded = new AnalysisCache(dir);
        Assert.True(reloaded.TryGet(key, out var a));
        Assert.Equal(Sample, a);
        Assert.True(reloaded.TryGet(silent, out var s));
        Assert.Equal(double.NegativeInfinity, s.IntegratedLufs);
        Assert.Equal("decoded to nothing", s.Error);
        Assert.False(Directory.EnumerateFiles(dir, "*.tmp").Any());
    }

    [Fact]
    public void TryGet_FileChangedSizeOrTime_Misses()
    {
        var cache = new AnalysisCache(null);
        cache.Set(new FileKey("/a.mp3", 10, 20), Sample);
        Assert.False(cache.TryGet(new FileKey("/a.mp3", 11, 20), out _));
        Assert.False(cache.TryGet(new FileKey("/a.mp3", 10, 21), out _));
        Assert.True(cache.TryGet(new FileKey("/a.mp3", 10, 20), out _));
    }

    [Fact]
    public void Constructor_CorruptCacheFile_StartsEmpty()
    {
        string dir = DemoFiles.TempDir();
        File.WriteAllText(Path.Combine(dir, AnalysisCache.FileName), "{ not json");
        Assert.Equal(0, new AnalysisCache(dir).Count);
    }

    [Fact]
    public void Save_TwoWritersSameFolder_KeepBothEntries()
    {
        string dir = DemoFiles.TempDir();
        var first = new AnalysisCache(dir);
        var second = new AnalysisCache(dir);
        first.Set(new FileKey("/a.mp3", 1, 1), Sample);
        second.Set(new FileKey("/b.mp3", 1, 1), Sample);
        first.Save();
        second.Save();
        Assert.Equal(2, new AnalysisCache(dir).Count);
    }
}

using RadioServer.Playout.Analysis;

namespace RadioServer.Playout.Tests.Analysis;

public class BackgroundAnalyzerTests
{
    private static List<string> CopyDemoLibrary(string dir)
    {
        var paths = new List<string>();
        foreach (string file in DemoFiles.AllMp3)
        {
            string copy = Path.Combine(dir, Path.GetFileName(file));
            File.Copy(file, copy);
            paths.Add(copy);
        }

        return paths;
    }

    [Fact]
    public void AnalyseAll_SecondStartWithSameDataFolder_ReanalysesZeroFiles()
    {
        string library = DemoFiles.TempDir();
        string data = DemoFiles.TempDir();
        var paths = CopyDemoLibrary(library);

        using (var first = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0))
        {
            var results = first.AnalyseAll(paths, Environment.ProcessorCount);
            Assert.Equal(paths.Count, first.Analysed);
            Assert.All(results, r => Assert.True(r is { HasLoudness: true }));
        }

        using var second = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0);
        var again = second.AnalyseAll(paths, Environment.ProcessorCount);
        Assert.Equal(0, second.Analysed);
        Assert.All(again, r => Assert.True(r is { HasLoudness: true }));
        Assert.All(paths, p => Assert.NotNull(second.Find(p)));
        Assert.Equal(0, second.Pending);
    }

    [Fact]
    public void Save_WhileTheDataFolderCannotBeWritten_OneLine_KeptInMemory_WrittenWhenItCanBe()
    {
        // A file where the data folder should be: what a read-only or full disk looks like to the cache (every write fails).
        string library = DemoFiles.TempDir();
        string data = Path.Combine(DemoFiles.TempDir(), "data");
        File.WriteAllText(data, "in the way");
        var paths = CopyDemoLibrary(library)[..2];
        var logger = new ListLogger();
        int failures = 0;
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0, logger) { SaveFailed = () => failures++ };

        analyzer.AnalyseAll(paths, 1); // saves at the end: fails
        analyzer.Save();
        analyzer.Save();
        Assert.Equal(3, failures);
        Assert.Single(logger.Lines, l => l.Contains("Cannot write the analysis cache", StringComparison.Ordinal));
        Assert.All(paths, p => Assert.True(analyzer.Find(p) is { HasLoudness: true })); // the analyses are not lost

        File.Delete(data);
        analyzer.Save();
        Assert.Single(logger.Lines, l => l.Contains("is written again", StringComparison.Ordinal));
        using var next = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0);
        Assert.All(paths, p => Assert.True(next.Find(p) is { HasLoudness: true })); // a restart finds them on disk
    }

    [Fact]
    public void AnalyseAll_FileModified_ReanalysesOnlyThatFile()
    {
        string library = DemoFiles.TempDir();
        string data = DemoFiles.TempDir();
        var paths = CopyDemoLibrary(library);
        using (var first = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0))
        {
            first.AnalyseAll(paths, 2);
        }

        File.SetLastWriteTimeUtc(paths[0], File.GetLastWriteTimeUtc(paths[0]).AddMinutes(1));
        using var second = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0);
        second.AnalyseAll(paths, 2);
        Assert.Equal(1, second.Analysed);
    }

    [Fact]
    public void Find_UnknownFile_ReturnsNullAndQueuesItOnce()
    {
        string library = DemoFiles.TempDir();
        var paths = CopyDemoLibrary(library);
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        Assert.Null(analyzer.Find(paths[0]));
        Assert.Null(analyzer.Find(paths[0]));
        Assert.Equal(1, analyzer.Pending);
    }

    [Fact]
    public void AnalyseAll_BrokenFile_IsCachedAsFailure()
    {
        string library = DemoFiles.TempDir();
        string bad = Path.Combine(library, "text.mp3");
        File.WriteAllText(bad, "not audio");
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(null), workers: 0);
        var result = Assert.Single(analyzer.AnalyseAll([bad], 1));
        Assert.NotNull(result!.Error);
    }
}

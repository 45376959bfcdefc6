using RadioServer.Commands;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Cli;

public class ScanCommandTests
{
    [Fact]
    public void Run_DemoFolderTwice_SecondRunAnalysesNothing()
    {
        string root = Configuration.StationConfigTests.FindRoot();
        string library = StationHost.TempDir();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "playlists", "music"), "*.mp3"))
        {
            File.Copy(file, Path.Combine(library, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(library, "broken.mp3"), "not audio");
        string data = StationHost.TempDir();
        var first = new StringWriter();
        var progress = new StringWriter();
        int code = ScanCommand.Run([library, "--data", data, "--threads", "2"], first, progress);

        Assert.Equal(1, code); // one file failed
        Assert.Contains("LUFS", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("7 files", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("7 analysed now, 0 from the cache, 1 failed", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("broken.mp3: no run of valid MPEG audio frames", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("7/7", progress.ToString(), StringComparison.Ordinal);

        var second = new StringWriter();
        ScanCommand.Run([library, "--data", data], second, new StringWriter());
        Assert.Contains("0 analysed now, 7 from the cache, 1 failed", second.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a --threads 0")]
    [InlineData("a --colour")]
    public void Run_BadArguments_PrintsUsageAndReturns2(string commandLine)
    {
        var error = new StringWriter();
        string[] args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, ScanCommand.Run(args, new StringWriter(), error));
        Assert.StartsWith("usage: RadioServer scan", error.ToString(), StringComparison.Ordinal);
    }
}

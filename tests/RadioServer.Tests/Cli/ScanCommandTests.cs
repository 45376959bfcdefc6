using RadioServer.Tests.Support;

namespace RadioServer.Tests.Cli;

[Trait("Layer", "Unit")]
public class ScanCommandTests
{
    [Fact]
    public async Task Run_DemoFolderTwiceRedirected_SecondRunAnalysesNothingAndOutputIsPlainText()
    {
        string root = Configuration.StationConfigTests.FindRoot();
        string library = StationHost.TempDir();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "playlists", "music"), "*.mp3"))
        {
            File.Copy(file, Path.Combine(library, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(library, "broken.mp3"), "not audio");
        string data = StationHost.TempDir();
        var (code, first, progress) = await CliRunner.RunAsync("scan", library, "--data", data, "--threads", "2");

        Assert.Equal(1, code); // one file failed
        Assert.Contains("LUFS", first, StringComparison.Ordinal);
        Assert.Contains("7 files", first, StringComparison.Ordinal);
        Assert.Contains("7 analysed now, 0 from the cache, 1 failed", first, StringComparison.Ordinal);
        Assert.Contains("broken.mp3: no run of valid MPEG audio frames", first, StringComparison.Ordinal);
        Assert.Contains("7/7", progress, StringComparison.Ordinal);
        // Redirected output (a pipe, a log, this StringWriter) has no ANSI escapes and no carriage-return redraws.
        Assert.DoesNotContain('\u001b', first + progress);
        Assert.DoesNotContain('\r', progress.Replace("\r\n", "\n", StringComparison.Ordinal));

        var (_, second, _) = await CliRunner.RunAsync("scan", library, "--data", data);
        Assert.Contains("0 analysed now, 7 from the cache, 1 failed", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Required argument missing")]
    [InlineData("a b", "'b'")]
    [InlineData("a --threads 0", "--threads must be at least 1")]
    [InlineData("a --target loud", "'loud'")]
    [InlineData("a --colour", "'--colour'")]
    public async Task Run_BadArguments_NamesTheProblemAndReturns2(string commandLine, string expected)
    {
        string[] args = ["scan", .. commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        var (code, output, errors) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Contains("RadioServer scan --help", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingLibrary_SaysSoAndReturns2()
    {
        var (code, _, errors) = await CliRunner.RunAsync("scan", Path.Combine(StationHost.TempDir(), "nothing.m3u"));

        Assert.Equal(2, code);
        Assert.StartsWith("cannot read ", errors, StringComparison.Ordinal);
    }
}

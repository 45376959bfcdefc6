using RadioServer.Tests.Support;

namespace RadioServer.Tests.Interop;

/// <summary>Real players from Debian against the real server: mpg123 and ffmpeg.</summary>
[Trait("Layer", "Interop")]
public class RealPlayerTests
{
    private static async Task<StationHost> StartTonesAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "Adébáyọ̀", "Ọjọ́ Ayọ̀");
        ToneLibrary.Create(dir, "b.mp3", 660, 2, "The Band", "Don't Stop; Go", sampleRate: 22050, channels: 1, kbps: 48);
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        return await StationHost.StartAsync(dir, "list.m3u");
    }

    [Fact]
    public async Task Mpg123_DecodesStreamAndPrintsChangingIcyTitles()
    {
        await using var host = await StartTonesAsync();
        var (_, stdout, stderr, killed) = await ExternalTool.RunAsync("mpg123", TimeSpan.FromSeconds(8), "-t", "-v", host.Mount().ToString());
        string output = stdout + stderr;
        Assert.True(killed, "mpg123 should still be playing when stopped: " + output);
        Assert.Contains("MPEG 1.0 L III cbr128 44100", output, StringComparison.Ordinal);
        var titles = output.Split('\n').Where(l => l.StartsWith("ICY-META:", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.True(titles.Count >= 3, output);
        Assert.Contains("ICY-META: StreamTitle='Adébáyọ̀ - Ọjọ́ Ayọ̀';", titles);
        Assert.Contains("ICY-META: StreamTitle='The Band - Don't Stop; Go';", titles);
        for (int i = 1; i < titles.Count; i++)
        {
            Assert.NotEqual(titles[i - 1], titles[i]); // printed only at changes, which alternate
        }

        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ffmpeg_Decodes20SecondsWithoutErrors()
    {
        await using var host = await StartTonesAsync();
        var (exit, _, stderr, killed) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(40),
            "-nostdin", "-v", "error", "-i", host.Mount().ToString(), "-t", "20", "-f", "null", "-");
        Assert.False(killed);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
    }
}

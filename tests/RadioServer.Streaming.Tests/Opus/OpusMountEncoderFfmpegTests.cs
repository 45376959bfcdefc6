using System.Diagnostics;

namespace RadioServer.Streaming.Tests.Opus;

/// <summary>One check with a real decoder: ffmpeg (installed by scripts/setup-deps.sh) reads the chained stream.</summary>
public class OpusMountEncoderFfmpegTests
{
    [Fact]
    public async Task Write_ChainedStreams_FfmpegDecodesThemWithoutErrors()
    {
        var (encoder, buffer) = OpusMountEncoderTests.Create();
        using (encoder)
        {
            OpusMountEncoderTests.Feed(encoder, 3.0, (0, "First"), (48000, "Second – Ünïcødé"), (96000, "Third"));
        }

        string path = Path.Combine(Path.GetTempPath(), $"radioserver-opus-{Guid.NewGuid():N}.opus");
        try
        {
            await File.WriteAllBytesAsync(path, OpusMountEncoderTests.Concat(buffer, buffer.Tail));
            // -v error prints only errors (bad CRC, broken packets, bad headers); the whole chain is decoded.
            var (exit, output) = await RunAsync("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-");
            Assert.Equal(0, exit);
            Assert.Equal(string.Empty, output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed; run scripts/setup-deps.sh ffmpeg", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, stderr + await stdout);
        }
    }
}

using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Tests.Audio;

public class Mp3ProbeTests
{
    [Fact]
    public void Probe_EveryDemoFile_IsPlayableWithPlausibleDuration()
    {
        foreach (var file in DemoFiles.AllMp3)
        {
            var r = Mp3Probe.Probe(file);
            Assert.True(r.IsPlayable, $"{file}: {r.Error}");
            Assert.InRange(r.Duration.TotalSeconds, 3, 40);
        }
    }

    [Fact]
    public void Probe_CbrFile_DurationMatchesFrameCount()
    {
        var r = Mp3Probe.Probe(DemoFiles.Cbr44Stereo);
        Assert.Equal(44100, r.SampleRate);
        Assert.Equal(2, r.Channels);
        Assert.Equal(r.AudioFrames * 1152 / 44100.0, r.Duration.TotalSeconds, 3);
    }

    [Fact]
    public void Probe_MissingFile_SaysNotFound() =>
        Assert.Equal("file not found", Mp3Probe.Probe("/nonexistent/file.mp3").Error);

    [Fact]
    public void Probe_ZeroByteFile_SaysEmpty()
    {
        string path = Path.Combine(DemoFiles.TempDir(), "empty.mp3");
        File.WriteAllBytes(path, []);
        Assert.Contains("empty", Mp3Probe.Probe(path).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_TruncatedFile_PlaysItsWholeFrames_AndSaysTruncated()
    {
        byte[] bytes = File.ReadAllBytes(DemoFiles.Cbr44Stereo);
        string path = Path.Combine(DemoFiles.TempDir(), "cut.mp3");
        File.WriteAllBytes(path, bytes.AsSpan(0, (bytes.Length / 2) + 101).ToArray());
        var whole = Mp3Probe.Probe(DemoFiles.Cbr44Stereo);
        var cut = Mp3Probe.Probe(path);
        Assert.True(cut.IsPlayable, cut.Error);
        Assert.InRange(cut.Duration.TotalSeconds, (whole.Duration.TotalSeconds / 2) - 0.2, whole.Duration.TotalSeconds / 2);
        Assert.True(cut.Damage!.TruncatedBytes > 0);
        Assert.StartsWith("truncated", cut.Damage.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_WavDataNamedMp3_IsRejected()
    {
        string path = Path.Combine(DemoFiles.TempDir(), "wave.mp3");
        using (var writer = new NAudio.Wave.WaveFileWriter(path, new NAudio.Wave.WaveFormat(44100, 16, 2)))
        {
            var rng = new Random(1);
            byte[] pcm = new byte[176400];
            rng.NextBytes(pcm);
            writer.Write(pcm, 0, pcm.Length);
        }

        Assert.False(Mp3Probe.Probe(path).IsPlayable);
    }

    [Fact]
    public void Probe_RandomBytes_IsRejected()
    {
        string path = Path.Combine(DemoFiles.TempDir(), "noise.mp3");
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.False(Mp3Probe.Probe(path).IsPlayable);
    }

    [Fact]
    public void Probe_Directory_IsRejectedWithReason()
    {
        var r = Mp3Probe.Probe(DemoFiles.TempDir());
        Assert.False(r.IsPlayable);
        Assert.NotNull(r.Error);
    }
}

using RadioServer.Playout.Formats;
using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Endpoints;

/// <summary>The whole path: MP3 files → decode → bus → LAME → broadcast buffer → Kestrel → ICY listener.</summary>
[Trait("Layer", "Server")]
public class StreamEndToEndTests
{
    private static readonly double[] Tones = [440, 660, 990];

    [Fact]
    public async Task Listener_WithIcyMetadata_HearsTracksAndTitlesInPlaylistOrder()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2.5, "Artist A", "Tone 440");
        ToneLibrary.Create(dir, "b.mp3", 660, 2.5, "Artist B", "Tone 660", sampleRate: 22050, channels: 1, kbps: 64);
        ToneLibrary.Create(dir, "c.mp3", 990, 2.5, "Artist C", "Tone 990", sampleRate: 48000);
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3", "c.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u");

        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadForAsync(TimeSpan.FromSeconds(9));

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", listener.ResponseHead, StringComparison.Ordinal);
        Assert.Contains("icy-metaint:16000\r\n", listener.ResponseHead, StringComparison.Ordinal);
        byte[] audio = listener.Audio;
        Assert.True(Mp3FrameHeader.TryParse(audio, out _), "the burst starts on an MP3 frame boundary");

        // Titles arrive in playlist order (cyclically), each naming the tone that is playing there.
        var titles = listener.Titles.Select(t => t.Title).ToList();
        Assert.True(titles.Count >= 3, string.Join(" | ", titles));
        string[] cycle = ["Artist A - Tone 440", "Artist B - Tone 660", "Artist C - Tone 990"];
        int first = Array.IndexOf(cycle, titles[0]);
        Assert.True(first >= 0, titles[0]);
        for (int i = 0; i < titles.Count; i++)
        {
            Assert.Equal(cycle[(first + i) % 3], titles[i]);
        }

        // The audio, decoded back, holds the tones in the same order.
        var (mono, rate) = ToneAnalysis.DecodeToMono(audio);
        var heard = ToneAnalysis.ToneSequence(mono, rate, Tones);
        Assert.True(heard.Count >= 4, string.Join(",", heard));
        int start = Array.IndexOf(Tones, heard[0]);
        for (int i = 0; i < heard.Count; i++)
        {
            Assert.Equal(Tones[(start + i) % 3], heard[i]);
        }

        // Each title change sits where its tone plays: just after the change point the new tone is heard.
        double bytesPerSample = 128_000 / 8.0 / rate;
        foreach (var (offset, title) in listener.Titles.Skip(1))
        {
            int at = (int)(offset / bytesPerSample);
            if (at + 4096 > mono.Length)
            {
                continue;
            }

            double tone = Tones[Array.IndexOf(cycle, title)];
            float[] window = mono[at..(at + 4096)];
            Assert.True(Tones.All(t => t == tone || ToneAnalysis.Power(window, tone, rate) > 10 * ToneAnalysis.Power(window, t, rate)),
                $"at title '{title}' (audio byte {offset}) the tone {tone} Hz should be playing");
        }
    }

    [Fact]
    public async Task Listener_WithoutIcyMetadata_GetsPlainAudioAndNoMetaint()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        await using var host = await StationHost.StartAsync(dir, "a.mp3");
        await using var listener = await IcyClient.ConnectAsync(host.Mount(), icyMetadata: false);
        await listener.ReadForAsync(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("\r\nicy-metaint:", listener.ResponseHead, StringComparison.Ordinal);
        Assert.True(listener.Audio.AsSpan().IndexOf("StreamTitle='"u8) < 0, "no ICY blocks in the audio");
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0], ToneAnalysis.ToneSequence(mono, rate, Tones));
    }
}

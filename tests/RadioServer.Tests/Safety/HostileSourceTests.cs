using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Safety;

/// <summary>An authenticated source that sends bytes but no audio must not hold the live mount (issue 11, part 2).</summary>
[Trait("Layer", "Server")]
public sealed class HostileSourceTests
{
    private const string SourcePassword = "live-secret";

    [Fact]
    public async Task OneJunkByteEveryHalfSecond_LosesTheMountAfterSourceTimeout_TheNextPresenterGetsIt()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Automation", "Tone 440");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:sourcepassword=" + SourcePassword,
            "--station:live:source_timeout_seconds=2");
        await using var listener = await IcyClient.ConnectAsync(host.Mount());

        using var junk = await SourceClient.ConnectAsync(host.BaseUri, SourcePassword);
        var held = Stopwatch.StartNew();
        var stream = junk.GetStream();
        try
        {
            // Never silent on the wire (the plain timeout never fires), never a decodable frame.
            while (held.Elapsed < TimeSpan.FromSeconds(10))
            {
                await stream.WriteAsync(new byte[] { 0x5A });
                await Task.Delay(500);
                if (host.Logs.Lines.Any(l => l.Contains("sent no decodable audio for 2 s", StringComparison.Ordinal)))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // the station hung up on it
        }

        held.Stop();
        Assert.Contains(host.Logs.Lines, l => l.Contains("sent no decodable audio for 2 s", StringComparison.Ordinal));
        Assert.InRange(held.Elapsed.TotalSeconds, 1.5, 4.5);

        using var next = await SourceClient.ConnectAsync(host.BaseUri, SourcePassword); // the mount is free again
        long before = listener.Audio.Length;
        await listener.ReadUntilAudioPastAsync(before + 8_000, TimeSpan.FromSeconds(5));
        Assert.True(listener.Audio.Length - before > 8_000, "the listener kept its audio throughout");
    }

    [Fact]
    public async Task AMp3SentAllAtOnce_IsDecodedNoFasterThanItAirs_NothingIsDropped()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Automation", "Tone 440");
        byte[] fast = await File.ReadAllBytesAsync(ToneLibrary.Create(dir, "fast.mp3", 1000, 12, "Presenter", "Tone 1000"));
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:sourcepassword=" + SourcePassword);
        var live = host.Services.GetRequiredService<RadioServer.Playout.Live.LiveInput>();
        var format = host.Services.GetRequiredService<RadioServer.Playout.Audio.StationFormat>();
        await using var listener = await IcyClient.ConnectAsync(host.Mount());

        using var source = await SourceClient.ConnectAsync(host.BaseUri, SourcePassword);
        await source.GetStream().WriteAsync(fast); // 12 s of audio in one go: 20x real time and more
        int most = 0;
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < TimeSpan.FromSeconds(4))
        {
            most = Math.Max(most, live.Audio.Available);
            await Task.Delay(10);
        }

        // The live FIFO holds 10 s; paced, it stays near the 0.5 s prebuffer + 2 s (plus one read's worth).
        double seconds = most / (double)(format.SampleRate * format.Channels);
        Assert.True(seconds < 7, $"{seconds:F1} s of live audio waited at most (10 s would mean the oldest was dropped)");
        long before = listener.Audio.Length;
        await listener.ReadUntilAudioPastAsync(before + 8_000, TimeSpan.FromSeconds(5));
        Assert.True(listener.Audio.Length - before > 8_000, "the listener kept its audio");
    }
}

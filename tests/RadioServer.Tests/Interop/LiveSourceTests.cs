using System.Net.Sockets;
using System.Text;
using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Interop;

/// <summary>Presenters' source clients (ffmpeg's icecast:// and raw SOURCE/PUT) against the real server.</summary>
[Trait("Layer", "Interop")]
public sealed class LiveSourceTests : IAsyncLifetime
{
    private const string SourcePassword = "live-secret";
    private StationHost _host = null!;

    public async Task InitializeAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Automation", "Tone 440");
        _host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:sourcepassword=" + SourcePassword,
            "--station:live:presenters:0:user=ade", "--station:live:presenters:0:password=ade-secret", "--station:live:crossfademilliseconds=300");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<(int, string, string, bool)> PushTone(double frequency, double seconds, string user = "source", string password = SourcePassword) =>
        ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(seconds + 20), "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
            $"sine=frequency={frequency}:duration={seconds}", "-c:a", "libmp3lame", "-b:a", "128k", "-content_type", "audio/mpeg",
            "-ice_name", "Live Test Show", "-f", "mp3", $"icecast://{user}:{password}@127.0.0.1:{_host.BaseUri.Port}/live.mp3");

    [Fact]
    public async Task FfmpegPushesTone_ListenerHearsAutomationThenLiveThenAutomationOnOneConnection()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(14));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (exit, _, stderr, _) = await PushTone(1000, 5);
        await listening;

        Assert.True(exit == 0, stderr);
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        var heard = ToneAnalysis.ToneSequence(mono, rate, [440, 1000]);
        Assert.Equal([440.0, 1000.0, 440.0], heard);
        var titles = listener.Titles.Select(t => t.Title).ToList();
        int live = titles.IndexOf("Live Test Show");
        Assert.True(live > 0, string.Join(" | ", titles));
        Assert.Contains("Automation - Tone 440", titles.Skip(live + 1));
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Live: source is on air", StringComparison.Ordinal));
        Assert.Contains(_host.Logs.Lines, l => l.Contains("automation is back on air", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FfmpegPushesOggOpus_ListenerHearsLiveToneAndTheTitleFromItsTags()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(14));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (exit, _, stderr, _) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(25), "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
            "sine=frequency=1000:duration=5", "-c:a", "libopus", "-b:a", "96k", "-metadata", "title=Ọ̀rọ̀ Live", "-metadata", "artist=DJ Adé",
            "-content_type", "audio/ogg", "-f", "ogg", $"icecast://ade:ade-secret@127.0.0.1:{_host.BaseUri.Port}/live.mp3");
        await listening;

        Assert.True(exit == 0, stderr);
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0, 1000.0, 440.0], ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
        var titles = listener.Titles.Select(t => t.Title).ToList();
        Assert.Contains("DJ Adé - Ọ̀rọ̀ Live", titles);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Live: ade is on air", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FfmpegPushesOggVorbis_DroppedWithAClearReasonAndAutomationContinues()
    {
        await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(25), "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
            "sine=frequency=1000:duration=3", "-c:a", "libvorbis", "-content_type", "audio/ogg", "-f", "ogg",
            $"icecast://ade:ade-secret@127.0.0.1:{_host.BaseUri.Port}/live.mp3");

        // The station hung up on it. (ffmpeg's exit code does not show that reliably: 3 s of Vorbis fit in its output
        // buffer, written once after the hang-up into the socket's send buffer, and it may still exit 0.)
        Assert.Contains(_host.Logs.Lines, l => l.Contains("ended: dropped: the source sends Ogg Vorbis, which this station does not decode; send Opus (Ogg) or MP3", StringComparison.Ordinal));
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        await listener.ReadForAsync(TimeSpan.FromSeconds(2));
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0], ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
    }

    private async Task<string> RawSource(string head, byte[]? body = null, int waitMs = 1500)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _host.BaseUri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        var buffer = new byte[4096];
        var text = new StringBuilder();
        using var cts = new CancellationTokenSource(waitMs);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        return text.ToString();
    }

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Source_WithoutThenWithWrongCredentials_Gets401AndChangesNothing()
    {
        // libshout's habit: SOURCE without credentials first, LF-only lines as DarkIce writes them.
        string first = await RawSource("SOURCE /live.mp3 HTTP/1.0\nContent-Type: audio/mpeg\nice-name: Sneaky\n\n");
        Assert.StartsWith("HTTP/1.0 401 Authentication Required\r\n", first, StringComparison.Ordinal);
        Assert.Contains("WWW-Authenticate: Basic realm=\"Icecast2 Server\"\r\n", first, StringComparison.Ordinal);
        string wrong = await RawSource($"PUT /live.mp3 HTTP/1.1\r\nAuthorization: Basic {Basic("source", "nope")}\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
        Assert.StartsWith("HTTP/1.0 401", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("100 Continue", wrong, StringComparison.Ordinal); // 100 only after the checks pass
        Assert.Null(_host.Playout.LiveInput.Owner);
        Assert.False(_host.Playout.Live.IsLive);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Contains("nope", StringComparison.Ordinal)); // secrets never logged
    }

    [Fact]
    public async Task SecondPresenterWhileLive_Gets403MountpointInUse()
    {
        var pushing = PushTone(1000, 4, "ade", "ade-secret");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_host.Playout.LiveInput.Owner is null && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        string second = await RawSource($"PUT /live.mp3 HTTP/1.1\r\nAuthorization: Basic {Basic("source", SourcePassword)}\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
        Assert.StartsWith("HTTP/1.0 403 Forbidden\r\n", second, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nMountpoint in use", second, StringComparison.Ordinal);
        Assert.Equal("ade", _host.Playout.LiveInput.Owner);
        await pushing;
    }

    [Fact]
    public async Task SourceSendingGarbage_IsDroppedAndAutomationContinues()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(4));
        var garbage = new byte[200_000];
        new Random(5).NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] == 0xFF)
            {
                garbage[i] = 0; // no accidental frame syncs
            }
        }

        string reply = await RawSource($"PUT /live.mp3 HTTP/1.1\r\nAuthorization: Basic {Basic("source", SourcePassword)}\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n", garbage, 3000);
        Assert.StartsWith("HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\nHTTP/1.0 200 OK\r\n\r\n", reply, StringComparison.Ordinal);
        await listening;
        Assert.Contains(_host.Logs.Lines, l => l.Contains("dropped:", StringComparison.Ordinal) && l.Contains("not MP3 frames", StringComparison.Ordinal));
        Assert.Null(_host.Playout.LiveInput.Owner);
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0], ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
    }
}

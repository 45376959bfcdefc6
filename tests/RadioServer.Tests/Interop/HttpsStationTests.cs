using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Interop;

/// <summary>HTTPS in the station itself, with a certificate the test makes: real players and source clients over TLS.</summary>
[Trait("Layer", "Interop")]
public sealed class HttpsStationTests : IAsyncLifetime
{
    private const string SourcePassword = "tls-live-secret";
    private StationHost _host = null!;
    private string _dir = null!;
    private string _thumbprint = null!;

    private string CertFile => Path.Combine(_dir, "fullchain.pem");

    private Uri Https(string path = "/stream.mp3") => new(_host.HttpsUri!, path);

    public async Task InitializeAsync()
    {
        _dir = StationHost.TempDir();
        ToneLibrary.Create(_dir, "a.mp3", 440, 4, "Automation", "Tone 440");
        _thumbprint = TestCertificate.WritePem(_dir);
        _host = await StationHost.StartAsync(_dir, "a.mp3", "", "--station:sourcepassword=" + SourcePassword,
            "--station:tls:certificate=fullchain.pem", "--station:tls:key=privkey.pem", "--station:tls:https_listen=https://127.0.0.1:0",
            "--station:tls:redirect_page_to_https=true", "--station:live:crossfademilliseconds=300");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Curl_HealthzAndStreamOverHttps_Http10CloseDelimitedWithIcyTitle()
    {
        var (exit, body, stderr, _) = await ExternalTool.RunAsync("curl", TimeSpan.FromSeconds(10), "-sS", "--cacert", CertFile, "--max-time", "5", Https("/healthz").ToString());
        Assert.True(exit == 0, stderr);
        Assert.Equal("ok\n", body);

        string file = Path.Combine(_dir, "curl.out");
        (exit, _, stderr, _) = await ExternalTool.RunAsync("curl", TimeSpan.FromSeconds(10), "-sS", "-i", "--cacert", CertFile, "-H", "Icy-MetaData: 1",
            "--max-time", "5", "-o", file, Https().ToString());
        Assert.True(exit == 28, $"curl should still be receiving when stopped (exit {exit}): {stderr}"); // 28 = its own time limit
        byte[] bytes = File.ReadAllBytes(file);
        string text = Encoding.Latin1.GetString(bytes);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string head = text[..end];
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Transfer-Encoding", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Content-Length", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("icy-metaint:", head, StringComparison.Ordinal);
        Assert.True(bytes.Length > 40_000, $"only {bytes.Length} bytes in 5 s");
        Assert.Contains("StreamTitle='Automation - Tone 440';", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawTlsListener_GetsIcecastHeadAndTheToneWithTitles()
    {
        await using var listener = await IcyClient.ConnectAsync(Https());
        await listener.ReadForAsync(TimeSpan.FromSeconds(3));
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", listener.ResponseHead, StringComparison.Ordinal);
        Assert.DoesNotContain("chunked", listener.ResponseHead, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(listener.Titles, t => t.Title == "Automation - Tone 440");
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0], ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
    }

    [Fact]
    public async Task Ffmpeg_PlaysStreamOverHttpsWithVerifiedCertificate_AndFfprobeSeesTheIcyTitle()
    {
        var (exit, _, stderr, killed) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(30), "-nostdin", "-v", "error",
            "-tls_verify", "1", "-ca_file", CertFile, "-i", Https().ToString(), "-t", "5", "-f", "null", "-");
        Assert.False(killed);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr.Trim());

        var (probeExit, probe, probeErr, _) = await ExternalTool.RunAsync("ffprobe", TimeSpan.FromSeconds(20), "-v", "error", "-icy", "1",
            "-tls_verify", "1", "-ca_file", CertFile, "-show_entries", "format_tags", "-of", "default=nw=1", Https().ToString());
        Assert.True(probeExit == 0, probeErr);
        Assert.Contains("StreamTitle=Automation - Tone 440", probe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mpg123_PlaysStreamOverHttps_PrintsTheIcyTitle()
    {
        // Debian's mpg123 hands https:// to an external helper (its own HTTP is plain only): wget if installed, so pick curl, which trusts CURL_CA_BUNDLE.
        var (_, stdout, stderr, killed) = await ExternalTool.RunWithEnvironmentAsync("mpg123", TimeSpan.FromSeconds(8),
            new Dictionary<string, string> { ["CURL_CA_BUNDLE"] = CertFile }, "--network", "curl", "-t", "-v", Https().ToString());
        string output = stdout + stderr;
        Assert.True(killed, "mpg123 should still be playing when stopped: " + output);
        Assert.Contains("MPEG 1.0 L III cbr128 44100", output, StringComparison.Ordinal);
        Assert.Contains("ICY-META: StreamTitle='Automation - Tone 440';", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FfmpegSourceOverTls_ListenerOnHttpsHearsLiveThenAutomation()
    {
        await using var listener = await IcyClient.ConnectAsync(Https());
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(13));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (exit, _, stderr, _) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(25), "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
            "sine=frequency=1000:duration=5", "-c:a", "libmp3lame", "-b:a", "128k", "-content_type", "audio/mpeg", "-ice_name", "TLS Show",
            "-tls", "1", "-f", "mp3", $"icecast://source:{SourcePassword}@127.0.0.1:{_host.HttpsUri!.Port}/live.mp3");
        await listening;

        Assert.True(exit == 0, stderr);
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0, 1000.0, 440.0], ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
        Assert.Contains("TLS Show", listener.Titles.Select(t => t.Title));
    }

    [Fact]
    public async Task CertificateFilesReplaced_NewHandshakesGetTheNewOne_OpenListenerKeepsPlaying()
    {
        await using var listener = await IcyClient.ConnectAsync(Https());
        await listener.ReadForAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(_thumbprint, await ServedThumbprintAsync());

        string renewed = TestCertificate.WritePem(_dir, "RadioServer Renewed");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string served = _thumbprint;
        while (served != renewed && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
            served = await ServedThumbprintAsync();
        }

        Assert.Equal(renewed, served);
        // The store publishes the new certificate, then logs: a handshake can see it a moment before the line is written.
        await WaitForLogAsync("TLS certificate reloaded: CN=RadioServer Renewed");
        long before = listener.Audio.Length;
        await listener.ReadForAsync(TimeSpan.FromSeconds(2));
        Assert.True(listener.Audio.Length > before + 20_000, $"the open listener stalled: {before} -> {listener.Audio.Length} bytes");

        // A broken renewal keeps the working certificate and is logged once.
        File.WriteAllText(CertFile, "not a certificate\n");
        await WaitForLogAsync("were not loaded");
        File.AppendAllText(CertFile, "still not\n");
        await Task.Delay(CertificateStoreDebounce * 3);
        Assert.Equal(renewed, await ServedThumbprintAsync());
        Assert.Single(_host.Logs.Lines, l => l.Contains("were not loaded", StringComparison.Ordinal));
    }

    private static readonly TimeSpan CertificateStoreDebounce = TimeSpan.FromMilliseconds(500);

    private async Task WaitForLogAsync(string text)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_host.Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.Contains(_host.Logs.Lines, l => l.Contains(text, StringComparison.Ordinal));
    }

    private async Task<string> ServedThumbprintAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _host.HttpsUri!.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, errors) => TestCertificate.Accept(certificate, errors));
        await ssl.AuthenticateAsClientAsync("localhost");
        return ssl.RemoteCertificate!.GetCertHashString();
    }

    [Fact]
    public async Task PageOverHttp_RedirectedToHttps_StreamMountAndApiAreNot()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await http.GetAsync(new Uri(_host.BaseUri, "/"));
        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal(Https("/").ToString(), page.Headers.Location!.ToString());
        using var api = await http.GetAsync(new Uri(_host.BaseUri, "/healthz"));
        Assert.Equal(System.Net.HttpStatusCode.OK, api.StatusCode);
        await using var plain = await IcyClient.ConnectAsync(_host.Mount());
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", plain.ResponseHead, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_PlaysTheStationPageOverHttps()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync("--ignore-certificate-errors");
        await browser.SendAsync("Page.navigate", new System.Text.Json.Nodes.JsonObject { ["url"] = Https("/").ToString() });
        await browser.WaitForAsync("location.protocol === 'https:' && document.readyState === 'complete' && document.getElementById('np-title').textContent.trim().length > 1", TimeSpan.FromSeconds(10));
        await browser.EvaluateAsync("document.getElementById('play').click()");
        await browser.WaitForAsync("document.getElementById('player').currentTime > 1", TimeSpan.FromSeconds(10));
        string src = (await browser.EvaluateAsync("document.getElementById('player').currentSrc")).GetString()!;
        Assert.StartsWith(Https("/").ToString(), src, StringComparison.Ordinal);
    }
}

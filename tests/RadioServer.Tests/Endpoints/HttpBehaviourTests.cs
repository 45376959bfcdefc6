using System.Net;
using System.Net.Sockets;
using System.Text;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public sealed class HttpBehaviourTests : IAsyncLifetime
{
    private StationHost _host = null!;

    public async Task InitializeAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        _host = await StationHost.StartAsync(dir, "a.mp3");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_Http11_IsCloseDelimitedNotChunked()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount(), protocol: "HTTP/1.1");

        // The station of this class has just started: on a loaded machine its first audio can take over a second (the
        // test once read nothing in 1 s in a clean-clone run).
        for (int i = 0; i < 10 && listener.Audio.Length < 4; i++)
        {
            await listener.ReadForAsync(TimeSpan.FromSeconds(1));
        }

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", listener.ResponseHead, StringComparison.Ordinal);
        Assert.DoesNotContain("Transfer-Encoding", listener.ResponseHead, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Content-Length", listener.ResponseHead, StringComparison.OrdinalIgnoreCase);
        Assert.True(Playout.Formats.Mp3FrameHeader.TryParse(listener.Audio, out _), $"the body starts with an MP3 frame ({listener.Audio.Length} bytes read)");
    }

    [Fact]
    public async Task Get_Headers_MatchIcecastSpelling()
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        string head = listener.ResponseHead;
        foreach (string line in new[]
                 {
                     "Content-Type: audio/mpeg", "Cache-Control: no-cache, no-store", "Pragma: no-cache",
                     "Expires: Mon, 26 Jul 1997 05:00:00 GMT", "icy-br:128", "icy-name:Test Radio Ọ̀yọ́", "icy-genre:Test",
                     "icy-description:Tests", "icy-url:http://example.invalid/", "icy-pub:0", "icy-metaint:16000",
                     "ice-audio-info: channels=2;samplerate=44100;bitrate=128", "Access-Control-Allow-Origin: *",
                 })
        {
            Assert.Contains("\r\n" + line + "\r\n", head, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Head_Mount_ReturnsStreamHeadersWithoutBody()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.BaseUri.Host, _host.BaseUri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("HEAD /stream.mp3 HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string all = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", all, StringComparison.Ordinal);
        Assert.Contains("Content-Type: audio/mpeg\r\n", all, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", all, StringComparison.Ordinal); // no body, then close
    }

    [Fact]
    public async Task Options_Mount_AnswersCorsPreflight()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, _host.Mount());
        request.Headers.Add("Origin", "https://player.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "icy-metadata");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Icy-MetaData", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Contains("icy-metaint", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownMount_Returns404WithIcecastBody()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_host.BaseUri, "/nope.mp3"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("<html><head><title>Error 404</title></head><body><b>404 - The file you requested could not be found</b></body></html>\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_WithHttpClient_StreamsAudio()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(_host.Mount(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.TransferEncodingChunked ?? false);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        await body.ReadExactlyAsync(buffer);
        Assert.True(Playout.Formats.Mp3FrameHeader.TryParse(buffer, out _));
    }

    [Fact]
    public async Task Post_Mount_IsRejectedWith4xx()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(_host.Mount(), new StringContent("x"));
        Assert.InRange((int)response.StatusCode, 400, 499);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using RadioServer.Tests.Configuration;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

/// <summary>
/// Our status and admin responses compared with captures from a real icecast2 2.4.4
/// (tests/golden/icecast, made by tests/golden/icecast/capture.sh): same fields, same JSON types,
/// same XML element structure, same error bodies. Values that differ by nature (names, times, ids) are not compared.
/// </summary>
[Trait("Layer", "Server")]
public sealed class IcecastGoldenTests : IAsyncLifetime
{
    private const string Admin = "golden-admin-secret";
    private const string Relay = "golden-relay-secret";
    private static readonly string Golden = Path.Combine(StationConfigTests.FindRoot(), "tests", "golden", "icecast");
    private StationHost _host = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        _host = await StationHost.StartAsync(dir, "a.mp3", "max_listeners: 2", "--station:adminpassword=" + Admin, "--station:relaypassword=" + Relay,
            "--station:mounts:1:path=/stream.opus", "--station:mounts:1:format=opus", "--station:mounts:1:samplerate=48000", "--station:mounts:1:bitrate=48");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private static string Body(string file)
    {
        string text = File.ReadAllText(Path.Combine(Golden, file));
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split >= 0 && file.EndsWith(".http", StringComparison.Ordinal) ? text[(split + 4)..] : text;
    }

    private async Task<HttpResponseMessage> Get(string path, bool admin = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.BaseUri, path));
        if (admin)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Admin)));
        }

        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task StatusJson_TwoSources_HasIcecastFieldsTypesAndArrayShape()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(Golden, "status-json.json")));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await (await Get("/status-json.xsl")).Content.ReadAsStringAsync()).Split("\"title\"").Length < 3 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100); // titles appear once each encoder has emitted its first frame, as in Icecast
        }

        using var response = await Get("/status-json.xsl");
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        using var ours = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var g = golden.RootElement.GetProperty("icestats");
        var o = ours.RootElement.GetProperty("icestats");
        Assert.Equal(g.EnumerateObject().Select(p => p.Name), o.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, o.GetProperty("source").ValueKind);
        foreach (var (goldenSource, ourSource) in g.GetProperty("source").EnumerateArray().Zip(o.GetProperty("source").EnumerateArray()))
        {
            var ourFields = ourSource.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind);
            foreach (var field in goldenSource.EnumerateObject().Where(f => f.Name != "subtype"))
            {
                Assert.True(ourFields.TryGetValue(field.Name, out var kind), $"field {field.Name} missing");
                Assert.Equal(field.Value.ValueKind, kind);
            }

            var names = ourSource.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal("dummy", names[^1]);
            Assert.Equal(names[..^1].Order(StringComparer.Ordinal), names[..^1]); // alphabetical, as the XSLT emits them
        }
    }

    [Fact]
    public async Task StatusJson_MountFilter_GivesOneSourceObject()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(Golden, "status-json-mount-filter.json")));
        using var response = await Get("/status-json.xsl?mount=/stream.mp3");
        using var ours = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(golden.RootElement.GetProperty("icestats").GetProperty("source").ValueKind, ours.RootElement.GetProperty("icestats").GetProperty("source").ValueKind);
        Assert.Equal(JsonValueKind.Object, ours.RootElement.GetProperty("icestats").GetProperty("source").ValueKind);
    }

    [Theory]
    [InlineData("admin-listmounts.xml", "/admin/listmounts")]
    [InlineData("admin-listclients.xml", "/admin/listclients?mount=/stream.mp3")]
    public async Task AdminXml_ElementStructure_MatchesIcecast(string goldenFile, string path)
    {
        await using var listener = await IcyClient.ConnectAsync(_host.Mount(), icyMetadata: true);
        using var response = await Get(path, admin: true);
        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        string body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\"?>\n<icestats>", body, StringComparison.Ordinal);
        Assert.EndsWith("</icestats>\n", body, StringComparison.Ordinal);
        Assert.Equal(Shape(XDocument.Parse(Body(goldenFile)).Root!), Shape(XDocument.Parse(body).Root!));
    }

    /// <summary>The distinct element paths and attribute names of a document (values ignored).</summary>
    private static string[] Shape(XElement root) =>
        root.DescendantsAndSelf()
            .Select(e => string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName)) + string.Concat(e.Attributes().Select(a => "@" + a.Name)))
            .Distinct().Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("admin-metadata-ok.http", "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Caf%C3%A9&charset=UTF-8", 200)]
    [InlineData("admin-metadata-missing-mode.http", "/admin/metadata?mount=/stream.mp3&song=x", 400)]
    [InlineData("admin-metadata-no-mount.http", "/admin/metadata?mount=/nope.mp3&mode=updinfo&song=x", 400)]
    [InlineData("admin-killclient-missing.http", "/admin/killclient?mount=/stream.mp3&id=99999", 200)]
    [InlineData("admin-unknown-command.http", "/admin/frobnicate?mount=/stream.mp3", 400)]
    public async Task AdminResponses_Bodies_AreIcecastsByteForByte(string goldenFile, string path, int status)
    {
        using var response = await Get(path, admin: true);
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(Body(goldenFile), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_WithoutCredentials_Is401LikeIcecast()
    {
        string golden = File.ReadAllText(Path.Combine(Golden, "admin-unauthorized.http"));
        using var response = await Get("/admin/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Authentication Required", response.ReasonPhrase);
        Assert.Contains("WWW-Authenticate: " + response.Headers.WwwAuthenticate.Single(), golden, StringComparison.Ordinal);
        Assert.Equal(Body("admin-unauthorized.http"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NotFound_IsIcecastsPage()
    {
        using var response = await Get("/nope.mp3");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("File Not Found", response.ReasonPhrase);
        Assert.Equal(Body("notfound.http"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FullMount_ThirdListener_Gets403LikeIcecast()
    {
        await using var one = await IcyClient.ConnectAsync(_host.Mount());
        await using var two = await IcyClient.ConnectAsync(_host.Mount());
        await using var three = await IcyClient.ConnectAsync(_host.Mount());
        await three.ReadForAsync(TimeSpan.FromSeconds(1));
        string golden = File.ReadAllText(Path.Combine(Golden, "max-listeners.http"));
        Assert.StartsWith("HTTP/1.0 403 Forbidden\r\n", three.ResponseHead, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.0 403 Forbidden\r\n", golden, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\r\n", three.ResponseHead, StringComparison.Ordinal);
        Assert.Equal(Body("max-listeners.http"), Encoding.UTF8.GetString(three.Audio));
    }

    [Fact]
    public async Task StreamHead_HasIcecastHeadersInIcecastOrder()
    {
        string golden = File.ReadAllText(Path.Combine(Golden, "stream-head.http"));
        await using var listener = await IcyClient.ConnectAsync(_host.Mount());
        static List<string> Names(string head) => head.Split("\r\n").Skip(1).TakeWhile(l => l.Length > 0).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        var ours = Names(listener.ResponseHead);
        var theirs = Names(golden).Where(n => n != "icy-metadata").ToList(); // echoed from ffmpeg's source request only
        Assert.Equal(listener.ResponseHead.Split("\r\n")[0], golden.Split("\r\n")[0]);
        Assert.Equal(theirs, ours.Where(theirs.Contains).ToList()); // every Icecast header, in Icecast's order
    }

    [Fact]
    public async Task Streamlist_RelayCredentials_ListMountsLikeIcecastAdminCredentialsGet401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.BaseUri, "/admin/streamlist.txt"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("relay:" + Relay)));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/stream.mp3\r\n/stream.opus\r\n", await response.Content.ReadAsStringAsync());
        Assert.Matches("^(/cap\\.[a-z0-9]+\r\n)+$", Body("streamlist.http")); // same shape as icecast2's answer

        using var asAdmin = await Get("/admin/streamlist.txt", admin: true);
        Assert.Equal(HttpStatusCode.Unauthorized, asAdmin.StatusCode); // icecast2 refuses admin credentials here too
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Safety;

/// <summary>Issue 17, items 3–6 on a real station: cross-site admin, failed logins, privacy, injection, headers, SSE limit, /metrics.</summary>
[Trait("Layer", "Server")]
public partial class EdgeSafetyTests
{
    private const string Admin = "edge-admin-pw";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static async Task<StationHost> StartAsync(params string[] args)
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 20, "A", "A"); // long enough that an admin title stays until the test reads it
        return await StationHost.StartAsync(dir, "a.mp3", "", ["--station:adminpassword=" + Admin, .. args]);
    }

    private static HttpRequestMessage AdminGet(StationHost host, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, pathAndQuery));
        request.Headers.TryAddWithoutValidation("Authorization", LoopbackHttp.Basic("admin", Admin));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AdminMetadata_CrossSite_IsRefusedAndChangesNothing()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        using var crossSite = await http.SendAsync(AdminGet(host, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Hacked", ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        using var foreignOrigin = await http.SendAsync(AdminGet(host, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Hacked", ("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        using var kill = await http.SendAsync(AdminGet(host, "/admin/killclient?mount=/stream.mp3&id=1", ("Sec-Fetch-Site", "same-site")));
        Assert.Equal(HttpStatusCode.Forbidden, kill.StatusCode);
        Assert.NotEqual("Hacked", host.Mounts.All.Single().Encoder.CurrentTitle.Text);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Cross-site request to /admin/metadata", StringComparison.Ordinal));

        // What icecast tools send (no Sec-Fetch-Site, no Origin), and a browser's own address bar / same page.
        using var tool = await http.SendAsync(AdminGet(host, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Fine"));
        Assert.Equal(HttpStatusCode.OK, tool.StatusCode);
        Assert.Contains("Metadata update successful", await tool.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await WaitUntilAsync(() => host.Mounts.All.Single().Encoder.CurrentTitle.Text == "Fine", "the title update");
        using var sameOrigin = await http.SendAsync(AdminGet(host, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Same",
            ("Sec-Fetch-Site", "same-origin"), ("Origin", host.BaseUri.GetLeftPart(UriPartial.Authority))));
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
    }

    [Fact]
    public async Task AdminLogin_RepeatedFailures_AreLoggedAndSlowedDown()
    {
        await using var host = await StartAsync();
        using var http = LoopbackHttp.From(IPAddress.Parse("127.0.3.33"));
        for (int i = 0; i < 4; i++)
        {
            var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/admin/stats"));
            wrong.Headers.TryAddWithoutValidation("Authorization", LoopbackHttp.Basic("mallory\u001b[31m", "guess" + i));
            using var response = await http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var failed = host.Logs.Lines.Where(l => l.Contains("Failed admin login", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed, l => Assert.Contains("'mallory\\x1B[31m' from 127.0.3.0", l, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("guess", StringComparison.Ordinal) || l.Contains("127.0.3.33", StringComparison.Ordinal));

        // Past the free tries, the address waits before its next login is even checked; another address does not.
        var slow = Stopwatch.StartNew();
        using (var again = await http.SendAsync(AdminGet(host, "/admin/stats")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.True(slow.Elapsed >= TimeSpan.FromSeconds(0.9), $"the fifth try took only {slow.Elapsed}");
        using var other = LoopbackHttp.From(IPAddress.Parse("127.0.3.34"));
        var fast = Stopwatch.StartNew();
        using (var ok = await other.SendAsync(AdminGet(host, "/admin/stats")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.True(fast.Elapsed < TimeSpan.FromSeconds(0.9), $"an innocent address waited {fast.Elapsed}");
    }

    [Fact]
    public async Task Privacy_Truncate_NoFullListenerAddressInAnyLogOrAdminPage()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        string accessLog = Path.Combine(dir, "access.log");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:adminpassword=" + Admin, "--station:ip_privacy=truncate",
            "--station:access_log=" + accessLog, "--station:database=" + Path.Combine(dir, "stats.db"), "--station:max_connections_per_ip=1");
        string[] ips = ["127.0.5.77", "127.0.6.88"];
        using var http = new HttpClient();
        var pages = new List<string>();
        {
            await using var a = await IcyClient.ConnectAsync(host.Mount(), from: IPAddress.Parse(ips[0]));
            await using var b = await IcyClient.ConnectAsync(host.Mount(), from: IPAddress.Parse(ips[1]));
            await using var refused = await IcyClient.ConnectAsync(host.Mount(), from: IPAddress.Parse(ips[1])); // per-IP limit: still exact
            await refused.ReadForAsync(TimeSpan.FromSeconds(0.5));
            Assert.StartsWith("HTTP/1.0 403", refused.ResponseHead, StringComparison.Ordinal);
            await a.ReadForAsync(TimeSpan.FromSeconds(0.5));
            foreach (string page in new[] { "/admin/listclients?mount=/stream.mp3", "/admin/stats", "/status-json.xsl", "/status.xsl", "/api/nowplaying" })
            {
                using var r = await http.SendAsync(AdminGet(host, page));
                pages.Add(await r.Content.ReadAsStringAsync());
            }

            Assert.Contains("<IP>127.0.5.0</IP>", pages[0], StringComparison.Ordinal);
            using var failed = LoopbackHttp.From(IPAddress.Parse(ips[0]));
            using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/admin/stats"));
            wrong.Headers.TryAddWithoutValidation("Authorization", LoopbackHttp.Basic("admin", "wrong"));
            using var _ = await failed.SendAsync(wrong);
        }

        await WaitUntilAsync(() => File.Exists(accessLog) && File.ReadAllLines(accessLog).Length >= 3, "the access log");
        using var report = await http.SendAsync(AdminGet(host, "/api/reports/sessions?format=csv"));
        pages.Add(await report.Content.ReadAsStringAsync());
        string everything = string.Join('\n', [.. host.Logs.Lines, File.ReadAllText(accessLog), .. pages]);
        foreach (string ip in ips)
        {
            Assert.DoesNotContain(ip, everything, StringComparison.Ordinal);
        }

        Assert.Contains("127.0.5.0 - - [", File.ReadAllText(accessLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_ControlCharactersAndTitleInjection_LeaveLogsXmlAndIcyBlockClean()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        string accessLog = Path.Combine(dir, "access.log");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:adminpassword=" + Admin, "--station:access_log=" + accessLog);
        using var http = new HttpClient();
        const string agent = "Evil\u0001Agent \u001b[31mred\rInjected: yes";
        await using (var evil = await IcyClient.ConnectAsync(host.Mount(), userAgent: agent))
        {
            using var title = await http.SendAsync(AdminGet(host, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=" + Uri.EscapeDataString("x';StreamUrl='http://evil/';")));
            Assert.Equal(HttpStatusCode.OK, title.StatusCode);
            var waited = Stopwatch.StartNew();
            while (!evil.Blocks.Any(b => b.Contains("evil", StringComparison.Ordinal)) && waited.Elapsed < Deadline)
            {
                await evil.ReadForAsync(TimeSpan.FromSeconds(0.3));
            }

            string block = Assert.Single(evil.Blocks, b => b.Contains("evil", StringComparison.Ordinal));
            Assert.Single(FieldEnd().Matches(block)); // exactly one Key='value'; field
            Assert.EndsWith("';", block, StringComparison.Ordinal);

            using var clients = await http.SendAsync(AdminGet(host, "/admin/listclients?mount=/stream.mp3"));
            string xml = await clients.Content.ReadAsStringAsync();
            var listener = XDocument.Parse(xml).Descendants("listener").Single(); // well-formed
            Assert.Equal("Evil\\x01Agent \\x1B[31mred\\x0DInjected: yes", listener.Element("UserAgent")!.Value);
        }

        await WaitUntilAsync(() => File.Exists(accessLog) && File.ReadAllLines(accessLog).Length >= 1, "the access log");
        string[] lines = File.ReadAllLines(accessLog);
        Assert.Single(lines);
        Assert.DoesNotMatch(@"[\x00-\x1f\x7f]", lines[0]);
        Assert.All(host.Logs.Lines, l => Assert.DoesNotMatch(@"[\x00-\x1f\x7f]", l));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Evil\\x01Agent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headers_PagesCarryNosniff_AndTheStationPageItsPolicy()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        foreach (string path in new[] { "/", "/status-json.xsl", "/api/nowplaying", "/admin/stats", "/nope" })
        {
            using var response = await http.SendAsync(AdminGet(host, path));
            Assert.Equal("nosniff", response.Headers.TryGetValues("X-Content-Type-Options", out var v) ? v.Single() : null);
        }

        using var page = await http.GetAsync(host.BaseUri);
        string csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"<script>|<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", html); // nothing inline the policy would block
    }

    [Fact]
    public async Task NowPlayingEvents_PastTheSubscriberLimit_Answer503AtOnce()
    {
        await using var host = await StartAsync("--station:max_sse_subscribers=1");
        using var http = new HttpClient();
        using var first = await http.GetAsync(new Uri(host.BaseUri, "/api/nowplaying/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await http.GetAsync(new Uri(host.BaseUri, "/api/nowplaying/events"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
    }

    [Fact]
    public async Task Metrics_HiddenMountLeftOut_AndBehindAdminWhenAsked()
    {
        await using var host = await StartAsync("--station:mounts:1:path=/secret.mp3", "--station:mounts:1:bitrate=32", "--station:mounts:1:hidden=true",
            "--station:metrics_require_admin=true");
        using var http = new HttpClient();
        using var anonymous = await http.GetAsync(new Uri(host.BaseUri, "/metrics"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var admin = await http.SendAsync(AdminGet(host, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        string text = await admin.Content.ReadAsStringAsync();
        Assert.Contains("mount=\"/stream.mp3\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/secret.mp3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedPeer_ChangesNothing()
    {
        await using var host = await StartAsync("--station:ip_privacy=none", "--station:max_connections_per_ip=1");
        await using var a = await IcyClient.ConnectAsync(host.Mount(), from: IPAddress.Parse("127.0.8.8"), extraHeaders: "X-Forwarded-For: 203.0.113.1\r\n");
        await using var b = await IcyClient.ConnectAsync(host.Mount(), from: IPAddress.Parse("127.0.8.8"), extraHeaders: "X-Forwarded-For: 203.0.113.2\r\nForwarded: for=203.0.113.3\r\n");
        await b.ReadForAsync(TimeSpan.FromSeconds(0.3));
        Assert.StartsWith("HTTP/1.0 403", b.ResponseHead, StringComparison.Ordinal); // counted under its own address
        using var http = new HttpClient();
        using var clients = await http.SendAsync(AdminGet(host, "/admin/listclients?mount=/stream.mp3"));
        string xml = await clients.Content.ReadAsStringAsync();
        Assert.Contains("<IP>127.0.8.8</IP>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113", xml, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[A-Za-z]+='.*?';", RegexOptions.Singleline)]
    private static partial Regex FieldEnd();
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using RadioServer.Stats;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Interop;

/// <summary>
/// Issue 17 "nginx, real": Debian's nginx, run by the test with the shipped config/nginx/radioserver.conf, terminates
/// TLS in front of the station; listeners from several 127.x.y.z addresses appear with their own addresses in
/// listclients, the access log and the database; the per-address limit counts them apart; a client that sends
/// X-Forwarded-For straight to the station is counted under its own address.
/// </summary>
[Trait("Layer", "Interop")]
public class NginxProxyTests
{
    private const string Admin = "nginx-admin-pw";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Nginx_TerminatingTls_ForwardsRealClientAddresses()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 20, "A", "A");
        string accessLog = Path.Combine(dir, "access.log");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:adminpassword=" + Admin,
            "--station:trusted_proxies:0=127.0.0.1", "--station:ip_privacy=none", "--station:max_connections_per_ip=2",
            "--station:access_log=" + accessLog, "--station:database=" + Path.Combine(dir, "stats.db"));
        using var certificate = MakeCertificate(dir, out string certFile, out string keyFile);
        int port = FreePort();
        await using var nginx = await Nginx.StartAsync(dir, port, host.BaseUri, certFile, keyFile);
        var proxied = new Uri($"https://127.0.0.1:{port}/");

        var addresses = Enumerable.Range(1, 10).Select(i => IPAddress.Parse($"127.0.1.{i}")).ToList();
        var clients = addresses.Select(a => LoopbackHttp.From(a, certificate)).ToList();
        var streams = new List<(HttpResponseMessage Response, Stream Body)>();
        try
        {
            // 20 listeners through nginx over TLS, two from each address; each one hears audio.
            foreach (var client in clients.Concat(clients))
            {
                var response = await client.GetAsync(new Uri(proxied, "stream.mp3"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(Deadline);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStreamAsync();
                await body.ReadExactlyAsync(new byte[4096]).AsTask().WaitAsync(Deadline);
                streams.Add((response, body));
            }

            // A third from one address: refused by the per-address limit, although nginx's own address is the peer.
            using (var third = await clients[0].GetAsync(new Uri(proxied, "stream.mp3"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(Deadline))
            {
                Assert.Equal(HttpStatusCode.Forbidden, third.StatusCode);
            }

            // Straight to the station with a forged header: counted under its own address.
            await using var forger = await IcyClient.ConnectAsync(host.Mount(), from: IPAddress.Parse("127.0.2.2"), extraHeaders: "X-Forwarded-For: 127.0.1.1\r\n");
            Assert.StartsWith("HTTP/1.0 200", forger.ResponseHead, StringComparison.Ordinal);

            // listclients (asked through nginx too) lists every listener under its own address.
            using var admin = LoopbackHttp.From(IPAddress.Parse("127.0.3.3"), certificate);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxied, "admin/listclients?mount=/stream.mp3"));
            request.Headers.TryAddWithoutValidation("Authorization", LoopbackHttp.Basic("admin", Admin));
            using var listclients = await admin.SendAsync(request).WaitAsync(Deadline);
            var ips = XDocument.Parse(await listclients.Content.ReadAsStringAsync()).Descendants("IP").Select(e => e.Value).ToList();
            Assert.Equal(21, ips.Count);
            foreach (var a in addresses)
            {
                Assert.Equal(2, ips.Count(ip => ip == a.ToString()));
            }

            Assert.Contains("127.0.2.2", ips);
            Assert.DoesNotContain("127.0.0.1", ips);

            // The now-playing event stream passes through unbuffered: the first event arrives at once.
            using var events = await clients[1].GetAsync(new Uri(proxied, "api/nowplaying/events"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(Deadline);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            string? line;
            do
            {
                line = await reader.ReadLineAsync().WaitAsync(Deadline);
            }
            while (line is not null && !line.StartsWith("event: nowplaying", StringComparison.Ordinal));
            Assert.NotNull(line);
        }
        finally
        {
            foreach (var (response, body) in streams)
            {
                await body.DisposeAsync();
                response.Dispose();
            }

            clients.ForEach(c => c.Dispose());
        }

        // The access log and the database: every listener under its forwarded address.
        var database = host.Services.GetRequiredService<StatsDatabase>();
        IReadOnlyList<SessionRecord> Sessions() => database.Sessions(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-1));
        var waited = Stopwatch.StartNew();
        while ((!File.Exists(accessLog) || File.ReadAllLines(accessLog).Count(l => l.Contains("\" 200 ", StringComparison.Ordinal)) < 21 || Sessions().Count < 21)
               && waited.Elapsed < Deadline)
        {
            await Task.Delay(100);
        }

        string[] lines = File.ReadAllLines(accessLog);
        var sessions = Sessions();
        foreach (var a in addresses)
        {
            Assert.Equal(2, lines.Count(l => l.StartsWith(a + " - - [", StringComparison.Ordinal) && l.Contains("\" 200 ", StringComparison.Ordinal)));
            Assert.Equal(2, sessions.Count(s => s.Ip == a.ToString()));
        }

        Assert.Contains(lines, l => l.StartsWith("127.0.1.1 - - [", StringComparison.Ordinal) && l.Contains("\" 403 ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("127.0.0.1 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nginx_StreamModule_PassesAPresentersTlsSourceToTheStation()
    {
        Assert.True(File.Exists(Nginx.StreamModule), "nginx's stream module is missing: the test command installs libnginx-mod-stream");
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 20, "A", "A");
        const string sourcePassword = "nginx-source-pw";
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:sourcepassword=" + sourcePassword,
            "--station:live:crossfademilliseconds=300");
        using var certificate = MakeCertificate(dir, out string certFile, out string keyFile);
        int sourcePort = FreePort();
        await using var nginx = await Nginx.StartAsync(dir, FreePort(), host.BaseUri, certFile, keyFile, sourcePort);

        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(12));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (exit, _, stderr, _) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(25), "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
            "sine=frequency=1000:duration=5", "-c:a", "libmp3lame", "-b:a", "128k", "-content_type", "audio/mpeg", "-ice_name", "Via nginx",
            "-tls", "1", "-f", "mp3", $"icecast://source:{sourcePassword}@127.0.0.1:{sourcePort}/live.mp3");
        await listening;

        Assert.True(exit == 0, stderr);
        var (mono, rate) = RadioServer.TestSupport.ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Equal([440.0, 1000.0, 440.0], RadioServer.TestSupport.ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
        Assert.Contains("Via nginx", listener.Titles.Select(t => t.Title));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A self-signed certificate for 127.0.0.1, written as PEM files for nginx.</summary>
    private static X509Certificate2 MakeCertificate(string dir, out string certFile, out string keyFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2060, 1, 1, 0, 0, 0, TimeSpan.Zero));
        certFile = Path.Combine(dir, "cert.pem");
        keyFile = Path.Combine(dir, "key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    /// <summary>Debian's nginx running the shipped site (and, when asked, the shipped source pass-through) for the test's ports and files.</summary>
    private static class Nginx
    {
        /// <summary>Starts nginx with the shipped site on <paramref name="port"/> and, when <paramref name="sourcePort"/> is not 0, the shipped source pass-through on it.</summary>
        public static Task<NginxServer> StartAsync(string dir, int port, Uri station, string certFile, string keyFile, int sourcePort = 0)
        {
            string site = NginxServer.Shipped("radioserver.conf",
                ("server 127.0.0.1:8000;", $"server {station.Authority};"),
                ("listen 443 ssl;", $"listen 127.0.0.1:{port} ssl;"),
                ("/etc/letsencrypt/live/radio.example.org/fullchain.pem", certFile),
                ("/etc/letsencrypt/live/radio.example.org/privkey.pem", keyFile));
            string sources = "";
            string modules = "";
            if (sourcePort != 0)
            {
                sources = NginxServer.Shipped("radioserver-sources.conf",
                    ("proxy_pass 127.0.0.1:8000;", $"proxy_pass {station.Authority};"),
                    ("listen 8443 ssl;", $"listen 127.0.0.1:{sourcePort} ssl;"),
                    ("/etc/letsencrypt/live/radio.example.org/fullchain.pem", certFile),
                    ("/etc/letsencrypt/live/radio.example.org/privkey.pem", keyFile));
                modules = "load_module " + StreamModule + ";"; // what Debian's modules-enabled/ does for an installed module
            }

            return NginxServer.StartAsync(dir, port, site, sources, modules);
        }

        /// <summary>Debian's package libnginx-mod-stream (installed by the test command).</summary>
        public const string StreamModule = NginxServer.StreamModule;
    }
}

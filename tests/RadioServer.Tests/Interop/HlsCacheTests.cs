using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.Interop;

/// <summary>
/// Issue 13 "HLS behind a cache": Debian's nginx, run by the test with the shipped config/nginx/radioserver-hls-cache.conf,
/// in front of the station (its own process, as systemd runs it). 500 simulated players poll their rendition's playlist
/// and fetch every new segment for 60 s; the station's access log shows about one request per segment and about one per
/// playlist lifetime, and every player got every segment in order.
/// </summary>
[Trait("Layer", "Interop")]
public partial class HlsCacheTests(ITestOutputHelper output)
{
    private const string PlayerAgent = "HlsLoadPlayer/1.0";

    /// <summary>Set to 1 to also run the same load straight at the station afterwards and print what it cost there (bench/hls-origin.sh).</summary>
    private const string CompareDirectVariable = "RADIOSERVER_HLS_COMPARE_DIRECT";

    private static readonly TimeSpan Run = TimeSpan.FromSeconds(60);

    /// <summary>How the players are spread over the renditions: most on standard, phones on saver, a few on high.</summary>
    private static readonly (string Rendition, int Players)[] Audience = [("standard", 350), ("saver", 100), ("high", 50)];

    [Fact]
    public async Task Nginx_Cache_500PlayersFor60Seconds_CostTheStationAboutOneRequestPerSegment()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 7, "Adébáyọ̀", "Ọjọ́ Ayọ̀");
        ToneLibrary.Create(dir, "b.mp3", 660, 9, "Highlife Collective", "Kelewele");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        string accessLog = Path.Combine(dir, "access.log");
        using var station = await StationProcess.StartAsync(StationHost.WriteConfig(dir, "list.m3u", "", HlsStationTests.HlsYaml),
            "--station:data_folder=" + Path.Combine(dir, "data"), "--station:access_log=" + accessLog);
        int port = FreePort();
        string site = NginxServer.Shipped("radioserver-hls-cache.conf",
            ("/var/cache/nginx/radioserver-hls      # CACHE_PATH", Path.Combine(dir, "nginx-cache")),
            ("server 127.0.0.1:8000;", $"server {station.BaseUri.Authority};"),
            ("listen 8080;", $"listen 127.0.0.1:{port};"));
        await using var nginx = await NginxServer.StartAsync(dir, port, site, workerConnections: 2048);
        var cached = new Uri($"http://127.0.0.1:{port}/");

        // The first segment of every rendition is out (asked of the station itself, and left out of the counts below).
        using (var warmup = new HttpClient())
        {
            warmup.DefaultRequestHeaders.UserAgent.ParseAdd("Warmup/1.0");
            foreach (var (rendition, _) in Audience)
            {
                Assert.Equal(HttpStatusCode.OK, (await warmup.GetAsync(new Uri(station.BaseUri, $"/hls/{rendition}.m3u8"))).StatusCode);
            }
        }

        var idle = await MeasureIdleAsync(station, TimeSpan.FromSeconds(5));
        var load = await HlsLoad.RunAsync(cached, Audience, Run, station, nginx);
        var log = await OriginLogAsync(station, accessLog);
        Report("through nginx", idle, load, log);

        // Every player got every segment listed while it ran, in order, and nothing failed.
        Assert.All(load.Players, p => Assert.True(p.Errors.Count == 0, $"{p.Rendition} player {p.Id}: {string.Join("; ", p.Errors.Take(5))}"));
        Assert.All(load.Players, p =>
        {
            Assert.True(p.Segments.Count >= (Run.TotalSeconds / 4) - 3, $"{p.Rendition} player {p.Id}: only {p.Segments.Count} segments in {Run.TotalSeconds} s");
            for (int i = 1; i < p.Segments.Count; i++)
            {
                Assert.Equal(p.Segments[i - 1] + 1, p.Segments[i]);
            }

            Assert.Equal(p.LastListed, p.Segments[^1]);
        });

        // The station's own log: a handful of requests per segment at most, no errors, and playlists about once per lifetime.
        Assert.DoesNotContain(log.Requests, r => r.Status >= 400);
        var perSegment = log.Segments.GroupBy(r => r.Path).Select(g => g.Count()).ToList();
        Assert.NotEmpty(perSegment);
        Assert.True(perSegment.Max() <= 3, $"up to {perSegment.Max()} station requests for one segment");
        int segmentsServed = load.Players.SelectMany(p => p.Segments.Select(s => (p.Rendition, s))).Distinct().Count();
        Assert.Equal(segmentsServed, perSegment.Count); // each segment a player got was fetched from the station (and nothing else was)
        foreach (var (rendition, _) in Audience)
        {
            // max-age=2: one refresh every 2 s while players keep asking, plus the first fill and a few lock races.
            int playlists = log.Playlists.Count(r => r.Path == $"/hls/{rendition}.m3u8");
            double bound = (load.Elapsed.TotalSeconds / 2 * 1.25) + 5;
            Assert.True(playlists <= bound, $"{rendition}: {playlists} playlist requests reached the station in {load.Elapsed.TotalSeconds:0} s (bound {bound:0})");
        }

        // What the cache adds: a Range is answered from the cached copy, and a rewind playlist is not the live one.
        using var http = new HttpClient();
        var player = load.Players.First(p => p.Rendition == "standard");
        var segmentUri = new Uri(cached, $"/hls/standard/{player.Segments[^2]:D8}.ts");
        byte[] whole = await http.GetByteArrayAsync(segmentUri);
        using (var ranged = new HttpRequestMessage(HttpMethod.Get, segmentUri))
        {
            ranged.Headers.Range = new RangeHeaderValue(188, 375);
            using var part = await http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal("HIT", part.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal($"bytes 188-375/{whole.Length}", part.Content.Headers.ContentRange?.ToString());
            Assert.Equal(whole.AsSpan(188, 188).ToArray(), await part.Content.ReadAsByteArrayAsync());
        }

        var live = HlsStationTests.ParseMedia(await http.GetStringAsync(new Uri(cached, "/hls/standard.m3u8")));
        var rewound = HlsStationTests.ParseMedia(await http.GetStringAsync(new Uri(cached, "/hls/standard.m3u8?start=-60")));
        Assert.True(rewound[0].Sequence < live[0].Sequence - 5, $"a rewind 60 s back starts at {rewound[0].Sequence}, the live playlist at {live[0].Sequence}");

        if (Environment.GetEnvironmentVariable(CompareDirectVariable) == "1")
        {
            // The same 500 players straight at the station: what the cache saves it.
            var directIdle = await MeasureIdleAsync(station, TimeSpan.FromSeconds(5));
            var direct = await HlsLoad.RunAsync(station.BaseUri, Audience, Run, station, null);
            var directLog = await OriginLogAsync(station, accessLog, after: log);
            Report("direct", directIdle, direct, directLog);
        }
    }

    /// <summary>The station's CPU with no listener (its encoders: the Icecast mount and three HLS renditions), as a share of one core.</summary>
    private static async Task<double> MeasureIdleAsync(StationProcess station, TimeSpan span)
    {
        var before = station.CpuTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(span);
        return (station.CpuTime - before) / clock.Elapsed;
    }

    private void Report(string how, double idle, HlsLoad.Result load, OriginLog log)
    {
        var perSegment = log.Segments.GroupBy(r => r.Path).Select(g => g.Count()).ToList();
        double seconds = load.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {how}: {load.Players.Count} players for {seconds:0.0} s, {load.Playlists} playlist and {load.SegmentCount} segment requests ({load.SegmentBytes / 1e6:0.0} MB), {load.Players.Sum(p => p.Errors.Count)} errors
              answers' X-Cache-Status: {string.Join(", ", load.CacheStatus.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"))}
              segment fetch latency: median {Percentile(load.SegmentMilliseconds, 0.5):0} ms, 99th {Percentile(load.SegmentMilliseconds, 0.99):0} ms, max {Percentile(load.SegmentMilliseconds, 1):0} ms
              station (origin) requests: {log.Requests.Count} ({log.Requests.Count / seconds:0.0}/s): {log.Segments.Count} for {perSegment.Count} segments (per segment: max {(perSegment.Count == 0 ? 0 : perSegment.Max())}, mean {(perSegment.Count == 0 ? 0 : perSegment.Average()):0.00}), {log.Playlists.Count} playlists ({string.Join(", ", log.Playlists.GroupBy(r => r.Path).Select(g => $"{g.Key} {g.Count()} = {g.Count() / seconds * 2:0.00} per 2 s"))}), statuses {string.Join(", ", log.Requests.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}
              CPU, share of one core: station idle {idle:P1}, station under load {load.StationCpu:P1}{(load.NginxCpu is { } n ? $", nginx worker {n:P1}" : "")}, this test process (the 500 players) {load.ClientCpu:P1}
            """));
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    private sealed record OriginRequest(string Path, int Status, string Agent);

    private sealed record OriginLog(List<OriginRequest> Requests, string Marker)
    {
        public List<OriginRequest> Segments => [.. Requests.Where(r => r.Path.EndsWith(".ts", StringComparison.Ordinal))];

        public List<OriginRequest> Playlists => [.. Requests.Where(r => r.Path.EndsWith(".m3u8", StringComparison.Ordinal))];
    }

    /// <summary>
    /// The players' requests in the station's access log, once all of it is on disk (a marker request asked last shows up),
    /// after the marker of an earlier run (<paramref name="after"/>) if any.
    /// </summary>
    private static async Task<OriginLog> OriginLogAsync(StationProcess station, string accessLog, OriginLog? after = null)
    {
        string marker = $"/hls/end-of-run-{Guid.NewGuid():N}.m3u8";
        using (var http = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(station.BaseUri, marker))).StatusCode);
        }

        await station.WaitForAsync(() => File.Exists(accessLog) && File.ReadAllText(accessLog).Contains(marker, StringComparison.Ordinal), "the access log is written");
        var requests = new List<OriginRequest>();
        bool counting = after is null;
        foreach (string line in File.ReadAllLines(accessLog))
        {
            var m = LogLine().Match(line);
            Assert.True(m.Success, "not an access log line: " + line);
            string path = m.Groups["path"].Value;
            if (path == marker)
            {
                break;
            }

            if (after is not null && path == after.Marker)
            {
                counting = true;
            }
            else if (counting && m.Groups["agent"].Value == PlayerAgent)
            {
                requests.Add(new OriginRequest(path, int.Parse(m.Groups["status"].Value, CultureInfo.InvariantCulture), m.Groups["agent"].Value));
            }
        }

        return new OriginLog(requests, marker);
    }

    [GeneratedRegex("^\\S+ - - \\[[^\\]]+\\] \"(?:GET|HEAD) (?<path>[^ ?\"]+)\\S* HTTP/1\\.1\" (?<status>\\d{3}) \\d+ \"[^\"]*\" \"(?<agent>[^\"]*)\"")]
    private static partial Regex LogLine();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Simulated HLS players: each reloads its rendition's live playlist about every half target duration (2 s, with
    /// ±25 % jitter), starts three segments from the live edge as players do, and fetches every new segment once, in order.
    /// They share a few connection pools (as many players behind one address would share nothing, but 500 sockets of one
    /// test process would measure the test, not the cache).
    /// </summary>
    internal static class HlsLoad
    {
        internal sealed class Player(int id, string rendition)
        {
            public int Id { get; } = id;

            public string Rendition { get; } = rendition;

            public List<long> Segments { get; } = [];

            public List<string> Errors { get; } = [];

            /// <summary>The newest segment in the last playlist it read.</summary>
            public long LastListed { get; set; } = -1;

            public int Playlists { get; set; }

            public long Bytes { get; set; }

            public List<double> SegmentMilliseconds { get; } = [];

            public Dictionary<string, int> CacheStatus { get; } = [];
        }

        internal sealed record Result(List<Player> Players, TimeSpan Elapsed, double StationCpu, double? NginxCpu, double ClientCpu)
        {
            public int Playlists => Players.Sum(p => p.Playlists);

            public int SegmentCount => Players.Sum(p => p.Segments.Count);

            public long SegmentBytes => Players.Sum(p => p.Bytes);

            public List<double> SegmentMilliseconds => [.. Players.SelectMany(p => p.SegmentMilliseconds)];

            public Dictionary<string, int> CacheStatus => Players.SelectMany(p => p.CacheStatus)
                .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        }

        public static async Task<Result> RunAsync(Uri server, (string Rendition, int Players)[] audience, TimeSpan run, StationProcess station, NginxServer? nginx)
        {
            var players = audience.SelectMany(a => Enumerable.Range(0, a.Players).Select(_ => a.Rendition)).Select((r, i) => new Player(i, r)).ToList();
            const int Pools = 20;
            var clients = Enumerable.Range(0, Pools).Select(_ =>
            {
                var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
                {
                    BaseAddress = server,
                    Timeout = TimeSpan.FromSeconds(20),
                };
                client.DefaultRequestHeaders.UserAgent.ParseAdd(PlayerAgent);
                return client;
            }).ToList();
            try
            {
                var stationBefore = station.CpuTime;
                var nginxBefore = nginx?.WorkerCpuTime();
                var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(players.Select(p => Task.Run(() => PlayAsync(p, clients[p.Id % Pools], clock, run))));
                var elapsed = clock.Elapsed;
                double stationCpu = (station.CpuTime - stationBefore) / elapsed;
                double? nginxCpu = nginx is null ? null : (nginx.WorkerCpuTime() - nginxBefore!.Value) / elapsed;
                double clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore) / elapsed;
                return new Result(players, elapsed, stationCpu, nginxCpu, clientCpu);
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }
        }

        private static async Task PlayAsync(Player player, HttpClient http, Stopwatch clock, TimeSpan run)
        {
            var random = new Random(player.Id);
            await Task.Delay(random.Next(0, 2000)); // players arrive over two seconds, not in one instant
            long next = -1;
            while (clock.Elapsed < run && player.Errors.Count == 0)
            {
                try
                {
                    List<HlsStationTests.Entry> entries;
                    using (var response = await http.GetAsync($"hls/{player.Rendition}.m3u8"))
                    {
                        player.Playlists++;
                        Count(player, response);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            player.Errors.Add($"playlist: {(int)response.StatusCode}");
                            break;
                        }

                        entries = HlsStationTests.ParseMedia(await response.Content.ReadAsStringAsync());
                    }

                    if (entries.Count == 0)
                    {
                        player.Errors.Add("an empty playlist");
                        break;
                    }

                    next = next < 0 ? entries[Math.Max(0, entries.Count - 3)].Sequence : next;
                    if (entries[0].Sequence > next)
                    {
                        player.Errors.Add($"segment {next} left the playlist before it was fetched (the playlist starts at {entries[0].Sequence})");
                        break;
                    }

                    player.LastListed = Math.Max(player.LastListed, entries[^1].Sequence);
                    foreach (var entry in entries.Where(e => e.Sequence >= next))
                    {
                        var fetch = Stopwatch.StartNew();
                        using var response = await http.GetAsync("hls/" + entry.Uri);
                        Count(player, response);
                        byte[] body = await response.Content.ReadAsByteArrayAsync();
                        player.SegmentMilliseconds.Add(fetch.Elapsed.TotalMilliseconds);
                        if (response.StatusCode != HttpStatusCode.OK || body.Length == 0 || body.Length % 188 != 0 || body[0] != 0x47)
                        {
                            player.Errors.Add($"{entry.Uri}: {(int)response.StatusCode}, {body.Length} bytes");
                            break;
                        }

                        player.Segments.Add(entry.Sequence);
                        player.Bytes += body.Length;
                        next = entry.Sequence + 1;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    player.Errors.Add(e.GetType().Name + ": " + e.Message);
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(2000 * (0.75 + (0.5 * random.NextDouble()))));
            }
        }

        private static void Count(Player player, HttpResponseMessage response)
        {
            string status = response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.First() : "(none: the station itself)";
            player.CacheStatus[status] = player.CacheStatus.GetValueOrDefault(status) + 1;
        }
    }
}

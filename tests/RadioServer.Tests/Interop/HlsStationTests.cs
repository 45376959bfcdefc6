using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using RadioServer.Streaming.Hls;
using RadioServer.Tests.Support;
using RadioServer.TestSupport;
using Xunit.Abstractions;

namespace RadioServer.Tests.Interop;

/// <summary>
/// HLS from a real station on loopback: ffmpeg and ffprobe as players, the HTTP surface a cache relies on, the audio
/// against the Icecast mount's, the timed titles, and the rewind window across a restart.
/// </summary>
[Trait("Layer", "Interop")]
public class HlsStationTests(ITestOutputHelper output)
{
    /// <summary>The demo's three renditions, with a 10-minute window (also behind nginx in <see cref="HlsCacheTests"/>).</summary>
    internal const string HlsYaml = """
        hls:
          segment_seconds: 4
          window_minutes: 10
          renditions:
            - name: standard
              bitrate: 96
            - name: saver
              bitrate: 32
              sample_rate: 22050
              channels: 1
            - name: high
              bitrate: 192
        """;

    private static readonly double[] Tones = [440, 660, 880];

    /// <summary>Three tone items of different lengths (so their changes cannot be mistaken for each other), titled in Yoruba.</summary>
    private static string MakeTones(string dir)
    {
        ToneLibrary.Create(dir, "a.mp3", 440, 2.0, "Adébáyọ̀", "Ọjọ́ Ayọ̀");
        ToneLibrary.Create(dir, "b.mp3", 660, 3.0, "Highlife Collective", "Kelewele");
        ToneLibrary.Create(dir, "c.mp3", 880, 2.5, "Ṣẹ̀gun", "Ìròyìn Alẹ́");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3", "c.mp3"]);
        return "list.m3u";
    }

    private static Task<StationHost> StartAsync(string dir, string hlsYaml = HlsYaml) =>
        StationHost.StartConfigAsync(StationHost.WriteConfig(dir, "list.m3u", "", hlsYaml), dir, "http://127.0.0.1:0",
            "--station:data_folder=" + Path.Combine(dir, "data"), "--station:access_log=" + Path.Combine(dir, "access.log"));

    [Fact]
    public async Task Ffmpeg_PlaysEveryRenditionForSixtySeconds_WithoutErrors_AndSegmentsAreContiguous()
    {
        string dir = StationHost.TempDir();
        MakeTones(dir);
        await using var host = await StartAsync(dir);
        string live = new Uri(host.BaseUri, "/hls/live.m3u8").ToString();

        var probe = await ExternalTool.RunAsync("ffprobe", TimeSpan.FromSeconds(60), "-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_name,sample_rate,channels",
            "-of", "csv=p=0", live);
        output.WriteLine(probe.StdOut + probe.StdErr);
        Assert.Equal(0, probe.ExitCode);
        // ffprobe lists each stream twice (under its program, then alone).
        Assert.Equal(["mp3,44100,2", "mp3,22050,1", "mp3,44100,2"], probe.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^3..]);

        // All three renditions at once, 60 s of audio in real time (a live playlist: ffmpeg waits for each new segment). The
        // timed-ID3 streams are data, which ffmpeg 5.1's command line calls an "unsupported codec" unless told to leave
        // data streams alone (-dn): every error it prints would be a real one.
        var play = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(150), "-nostdin", "-v", "error", "-dn", "-i", live, "-map", "0:a", "-t", "60", "-f", "null", "-");
        output.WriteLine($"ffmpeg exit {play.ExitCode}: {play.StdErr}");
        Assert.Equal(0, play.ExitCode);
        Assert.Equal("", play.StdErr.Trim());

        // Every segment aired so far: lengths within 1 % of the target, each starting where the one before ended.
        using var http = new HttpClient();
        foreach (string rendition in (string[])["standard", "saver", "high"])
        {
            var entries = ParseMedia(await http.GetStringAsync(new Uri(host.BaseUri, $"/hls/{rendition}.m3u8?start=-600")));
            Assert.True(entries.Count >= 15, $"{rendition}: {entries.Count} segments after a minute");
            for (int i = 0; i < entries.Count; i++)
            {
                Assert.InRange(entries[i].Duration, 3.96, 4.04);
                Assert.Equal($"{rendition}/{entries[0].Sequence + i:D8}.ts", entries[i].Uri);
                if (i > 0)
                {
                    double gap = (entries[i].ProgramDateTime - entries[i - 1].ProgramDateTime).TotalSeconds - entries[i - 1].Duration;
                    Assert.InRange(gap, -0.0015, 0.0015);
                }
            }
        }
    }

    [Fact]
    public async Task Audio_MatchesTheIcecastMount_AndEachItemHasOneTimedTitleWhereItBegins()
    {
        string dir = StationHost.TempDir();
        MakeTones(dir);
        await using var host = await StartAsync(dir);
        await using var icy = await IcyClient.ConnectAsync(host.Mount(), icyMetadata: false);
        await icy.ReadForAsync(TimeSpan.FromSeconds(22));

        using var http = new HttpClient();
        var entries = ParseMedia(await http.GetStringAsync(new Uri(host.BaseUri, "/hls/standard.m3u8?start=-600")));
        var audio = new MemoryStream();
        var titles = new List<(double AirSeconds, string Title, string? Artist, DateTimeOffset Aired)>();
        var start = entries[0].ProgramDateTime;
        var reader = new TsSegments();
        long firstPts = -1;
        foreach (var e in entries)
        {
            var segment = reader.Read(await http.GetByteArrayAsync(new Uri(host.BaseUri, "/hls/" + e.Uri)));
            firstPts = firstPts < 0 ? segment.FirstPts : firstPts;
            Assert.Equal((e.ProgramDateTime - start).TotalSeconds, (segment.FirstPts - firstPts) / 90000.0, 0.002); // timestamps are air times
            foreach (var (pts, tag) in segment.Tags)
            {
                var aired = DateTimeOffset.Parse(tag.UserText(HlsId3.AiredDescription)!, CultureInfo.InvariantCulture);
                Assert.InRange(aired, e.ProgramDateTime, e.ProgramDateTime.AddSeconds(e.Duration)); // in the segment where the item begins
                Assert.Equal((aired - start).TotalSeconds, (pts - firstPts) / 90000.0, 0.002);
                titles.Add(((pts - firstPts) / 90000.0, tag.Text("TIT2")!, tag.Text("TPE1"), aired));
            }

            audio.Write(segment.Audio);
        }

        var (hlsMono, rate) = ToneAnalysis.DecodeToMono(audio.ToArray());
        var hls = Changes(hlsMono, rate);
        var (icyMono, icyRate) = ToneAnalysis.DecodeToMono(icy.Audio);
        var mount = Changes(icyMono, icyRate);
        output.WriteLine("HLS:     " + string.Join(" ", hls.Select(c => $"{c.Seconds:0.00}:{c.Tone}")));
        output.WriteLine("Icecast: " + string.Join(" ", mount.Select(c => $"{c.Seconds:0.00}:{c.Tone}")));
        output.WriteLine("Titles:  " + string.Join(" | ", titles.Select(t => $"{t.AirSeconds:0.00} {t.Title}")));

        // Timed titles: one per item start, in order, each where its tone begins (within 100 ms), with its air time.
        Assert.True(hls.Count >= 6, "at least two rounds of the three items");
        string[] names = ["Ọjọ́ Ayọ̀", "Kelewele", "Ìròyìn Alẹ́"];
        foreach (var change in hls.Skip(1).Take(hls.Count - 2))
        {
            var title = Assert.Single(titles, t => Math.Abs(t.AirSeconds - change.Seconds) < 0.1);
            Assert.Equal(names[Array.IndexOf(Tones, change.Tone)], title.Title);
        }

        Assert.Equal("Adébáyọ̀", titles.First(t => t.Title == "Ọjọ́ Ayọ̀").Artist);
        Assert.Equal(titles.Count, titles.Select(t => t.AirSeconds).Distinct().Count());

        // The mount's audio: align its first tone change with the same change in HLS; every later one is at the same time (100 ms).
        Assert.True(mount.Count >= 5, "the mount played through several items");
        var first = mount[1];
        int match = hls.FindIndex(1, c => c.Tone == first.Tone && hls[hls.IndexOf(c) - 1].Tone == mount[0].Tone);
        Assert.True(match > 0, "the mount's first change is in the HLS audio");
        double shift = hls[match].Seconds - first.Seconds;
        for (int i = 2; i < mount.Count && match + i - 1 < hls.Count; i++)
        {
            var h = hls[match + i - 1];
            Assert.Equal(mount[i].Tone, h.Tone);
            Assert.InRange(h.Seconds - (mount[i].Seconds + shift), -0.1, 0.1);
        }
    }

    [Fact]
    public async Task Http_PlaylistsAndSegmentsAreServedForCaches()
    {
        string dir = StationHost.TempDir();
        MakeTones(dir);
        await using var host = await StartAsync(dir);
        using var http = new HttpClient();
        var multivariant = await http.GetAsync(new Uri(host.BaseUri, "/hls/live.m3u8"));
        Assert.Equal("application/vnd.apple.mpegurl", multivariant.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", multivariant.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // The first request waits for the first segment rather than failing.
        var media = await http.GetAsync(new Uri(host.BaseUri, "/hls/standard.m3u8"));
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        Assert.Equal("public, max-age=2", media.Headers.CacheControl?.ToString());
        var etag = media.Headers.ETag!;
        string text = await media.Content.ReadAsStringAsync();
        Assert.Contains("#EXT-X-TARGETDURATION:4", text, StringComparison.Ordinal);
        using (var again = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/hls/standard.m3u8")))
        {
            again.Headers.IfNoneMatch.Add(etag);
            var notModified = await http.SendAsync(again);
            Assert.True(notModified.StatusCode is HttpStatusCode.NotModified || (await notModified.Content.ReadAsStringAsync()) != text,
                "the same playlist answers 304 to its ETag");
        }

        var entry = ParseMedia(text)[0];
        var segmentUri = new Uri(host.BaseUri, "/hls/" + entry.Uri);
        var segment = await http.GetAsync(segmentUri);
        Assert.Equal("video/mp2t", segment.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", segment.Headers.CacheControl?.ToString());
        Assert.NotNull(segment.Headers.ETag);
        Assert.NotNull(segment.Content.Headers.LastModified);
        byte[] whole = await segment.Content.ReadAsByteArrayAsync();
        using (var ranged = new HttpRequestMessage(HttpMethod.Get, segmentUri))
        {
            ranged.Headers.Range = new RangeHeaderValue(100, 199);
            var part = await http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal($"bytes 100-199/{whole.Length}", part.Content.Headers.ContentRange?.ToString());
            Assert.Equal(whole.AsSpan(100, 100).ToArray(), await part.Content.ReadAsByteArrayAsync());
        }

        using (var preflight = new HttpRequestMessage(HttpMethod.Options, segmentUri))
        {
            preflight.Headers.Add("Origin", "https://234radio.example");
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            preflight.Headers.Add("Access-Control-Request-Headers", "range");
            var answer = await http.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Contains("Range", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        }

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, segmentUri));
        Assert.Equal(whole.Length, head.Content.Headers.ContentLength);

        // Wrong names and instants: 4xx, and the station keeps going.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(host.BaseUri, "/hls/nosuch.m3u8"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(host.BaseUri, "/hls/standard/99999999.ts"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(host.BaseUri, "/hls/standard/..%2Fsegments.csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri(host.BaseUri, "/hls/standard.m3u8?start=yesterday"))).StatusCode);

        // A start in the past: from the segment on the air then, and the player is told where in it to begin.
        await Task.Delay(TimeSpan.FromSeconds(1));
        string rewound = await http.GetStringAsync(new Uri(host.BaseUri, $"/hls/standard.m3u8?start={entry.ProgramDateTime.AddSeconds(1.5).ToUnixTimeMilliseconds() / 1000.0:0.###}"));
        string startTag = Assert.Single(rewound.Split('\n'), l => l.StartsWith("#EXT-X-START:TIME-OFFSET=", StringComparison.Ordinal));
        Assert.Equal(1.5, double.Parse(startTag[25..startTag.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture), 0.002); // the playlist's times are to the ms
        Assert.EndsWith(",PRECISE=YES", startTag, StringComparison.Ordinal);
        Assert.Equal(entry.Uri, ParseMedia(rewound)[0].Uri);
        string variants = await http.GetStringAsync(new Uri(host.BaseUri, "/hls/live.m3u8?start=-120"));
        Assert.Contains("standard.m3u8?start=", variants, StringComparison.Ordinal);

        // Listeners: this client on "standard", and a phone on "saver"; counted in now-playing and /metrics, every request logged.
        using (var phone = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/hls/saver.m3u8")))
        {
            phone.Headers.UserAgent.ParseAdd("Phone/1.0");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(phone)).StatusCode);
        }

        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseUri, "/api/nowplaying")));
        var hls = doc.RootElement.GetProperty("hls");
        Assert.EndsWith("/hls/live.m3u8", hls.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, hls.GetProperty("window_minutes").GetDouble());
        Assert.Equal(entry.ProgramDateTime, hls.GetProperty("window_start_utc").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1)); // the oldest audio kept
        var renditions = hls.GetProperty("renditions").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("listeners").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["standard"] = 1, ["saver"] = 1, ["high"] = 0 }, renditions);
        Assert.Equal(2, doc.RootElement.GetProperty("listeners").GetInt32());
        using (var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseUri, "/status-json.xsl"))))
        {
            var saver = status.RootElement.GetProperty("icestats").GetProperty("source").EnumerateArray()
                .Single(s => s.GetProperty("listenurl").GetString()!.EndsWith("/hls/saver.m3u8", StringComparison.Ordinal));
            Assert.Equal(1, saver.GetProperty("listeners").GetInt32());
            Assert.Equal("application/vnd.apple.mpegurl", saver.GetProperty("server_type").GetString());
        }

        string metrics = await http.GetStringAsync(new Uri(host.BaseUri, "/metrics"));
        Assert.Contains("radioserver_hls_listeners{rendition=\"saver\"} 1", metrics, StringComparison.Ordinal);
        host.Services.GetRequiredService<Listeners.AccessLog>().Flush(TimeSpan.FromSeconds(5));
        string[] log = File.ReadAllLines(Path.Combine(dir, "access.log"));
        Assert.Contains(log, l => l.Contains("\"GET /hls/saver.m3u8 HTTP/1.1\" 200", StringComparison.Ordinal) && l.Contains("Phone/1.0", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains($"\"GET /hls/{entry.Uri} HTTP/1.1\" 200 {whole.Length}", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("\"GET /hls/nosuch.m3u8 HTTP/1.1\" 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_SegmentsAiredBeforeAreStillServed_AndTheWindowStaysBounded()
    {
        string dir = StationHost.TempDir();
        MakeTones(dir);
        byte[] before;
        Entry first;
        using var http = new HttpClient();
        await using (var host = await StartAsync(dir))
        {
            var entries = ParseMedia(await http.GetStringAsync(new Uri(host.BaseUri, "/hls/standard.m3u8")));
            first = entries[0];
            before = await http.GetByteArrayAsync(new Uri(host.BaseUri, "/hls/" + first.Uri));
        }

        // A one-minute window: the restarted station keeps what aired before it stopped, within that bound.
        await using (var host = await StartAsync(dir, HlsYaml.Replace("window_minutes: 10", "window_minutes: 1", StringComparison.Ordinal)))
        {
            Assert.Equal(before, await http.GetByteArrayAsync(new Uri(host.BaseUri, "/hls/" + first.Uri)));
            await Until.AssertAsync(() => host.Services.GetRequiredService<HlsSegmentStore>().Segments(0).Any(s => s.Discontinuity), "a segment after the restart",
                TimeSpan.FromSeconds(15));
            string playlist = await http.GetStringAsync(new Uri(host.BaseUri, "/hls/standard.m3u8?start=-600"));
            Assert.Equal(first.Uri, ParseMedia(playlist)[0].Uri);
            Assert.Contains("#EXT-X-DISCONTINUITY\n", playlist, StringComparison.Ordinal);
            var store = host.Services.GetRequiredService<HlsSegmentStore>();
            long bound = (long)(((60 / 4.0) + 2) * 4 * (96 + 32 + 192) * 1000 / 8 * 1.05);
            Assert.InRange(store.DiskBytes, 1, bound);
            long onDisk = Directory.GetFiles(Path.Combine(dir, "data", "hls"), "*.ts", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Assert.Equal(store.DiskBytes, onDisk);
        }
    }

    internal sealed record Entry(long Sequence, double Duration, DateTimeOffset ProgramDateTime, string Uri);

    /// <summary>Reads a media playlist's segments (the tests' own reading of RFC 8216).</summary>
    internal static List<Entry> ParseMedia(string text)
    {
        var entries = new List<Entry>();
        long sequence = 0;
        double duration = 0;
        DateTimeOffset pdt = default;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                sequence = long.Parse(line.AsSpan(22), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            {
                pdt = DateTimeOffset.Parse(line.AsSpan(25), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line.AsSpan(8, line.IndexOf(',', StringComparison.Ordinal) - 8), CultureInfo.InvariantCulture);
            }
            else if (!line.StartsWith('#'))
            {
                entries.Add(new Entry(sequence + entries.Count, duration, pdt, line));
            }
        }

        return entries;
    }

    /// <summary>Where the dominant tone changes (seconds into the audio, the new tone): 46 ms windows every 10 ms.</summary>
    private static List<(double Seconds, double Tone)> Changes(float[] mono, int rate)
    {
        var changes = new List<(double Seconds, double Tone)>();
        int window = 2048, hop = rate / 100;
        for (int at = 0; at + window <= mono.Length; at += hop)
        {
            var powers = new double[Tones.Length];
            for (int t = 0; t < Tones.Length; t++)
            {
                powers[t] = ToneAnalysis.Power(mono.AsSpan(at, window), Tones[t], rate);
            }

            int best = Array.IndexOf(powers, powers.Max());
            if (powers[best] < 1e-4 || powers[best] < 20 * powers.Where((_, i) => i != best).Max())
            {
                continue;
            }

            if (changes.Count == 0 || changes[^1].Tone != Tones[best])
            {
                changes.Add(((at + (window / 2.0)) / rate, Tones[best]));
            }
        }

        return changes;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.NativeAot;

/// <summary>
/// The station as <c>scripts/start.sh</c> runs it: a Native AOT program (<c>scripts/publish-station.sh</c>, built by
/// <c>scripts/test.sh</c> before the tests and named by <c>RADIOSERVER_NATIVE_STATION</c>). Static analysis checks the
/// build; these check what it cannot: the demo's settings bound and checked by reflection over the kept settings types,
/// every JSON document through its generated serializer, the endpoints and the stream, and a wrong setting still
/// rejected with its file and line.
/// </summary>
[Trait("Layer", "Server")]
[Collection(NativeStationAlone.Name)]
public sealed class NativeAotStationTests
{
    private const string AdminPassword = "native-admin";

    [Fact]
    public async Task DemoStation_AsANativeProgram_ServesTheStreamAndEveryJsonDocument()
    {
        string program = NativeProgram();
        string data = StationHost.TempDir();
        string root = NginxServer.Root();
        using var station = await StationProcess.StartProgramAsync(program, Path.Combine(root, "config", "station.yaml"),
            $"--station:adminpassword={AdminPassword}", "--station:sourcepassword=native-source", $"--station:data_folder={data}",
            $"--station:database={Path.Combine(data, "station.db")}", $"--station:access_log={Path.Combine(data, "access.log")}");
        Assert.DoesNotContain("unknown setting", station.Output, StringComparison.Ordinal);
        var at = station.BaseUri;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // The stream, with its metadata; a title set by the admin reaches it.
        await using var listener = await IcyClient.ConnectAsync(new Uri(at, "/stream.mp3"));
        await listener.ReadForAsync(TimeSpan.FromSeconds(1));
        using (var admin = new HttpRequestMessage(HttpMethod.Get, new Uri(at, "/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Native%20AOT%20check")))
        {
            admin.Headers.Authorization = Basic();
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(admin)).StatusCode);
        }

        await listener.ReadForAsync(TimeSpan.FromSeconds(3));
        Assert.Contains("200", listener.ResponseHead, StringComparison.Ordinal);
        listener.AssertUnbroken(128, station.Tail());
        Assert.Contains(listener.Titles, t => t.Title == "Native AOT check");
        byte[] audio = listener.Audio;
        Assert.True(Enumerable.Range(0, Math.Min(audio.Length, 4096) - 1).Any(i => audio[i] == 0xFF && (audio[i + 1] & 0xE0) == 0xE0), "no MPEG frame sync");

        // Every JSON document, parsed, with the names clients read.
        using (var nowPlaying = await Json(http, new Uri(at, "/api/nowplaying")))
        {
            Assert.Equal("234Radio", nowPlaying.RootElement.GetProperty("station").GetProperty("name").GetString());
            Assert.True(nowPlaying.RootElement.GetProperty("mounts").GetArrayLength() >= 3);
            Assert.Equal("audio/mpeg", nowPlaying.RootElement.GetProperty("mounts")[0].GetProperty("content_type").GetString());
        }

        using (var status = await Json(http, new Uri(at, "/status-json.xsl")))
        {
            Assert.True(status.RootElement.GetProperty("icestats").GetProperty("source").GetArrayLength() >= 3);
        }

        using (var played = await Json(http, new Uri(at, "/played.html?type=json")))
        {
            Assert.Equal(JsonValueKind.Array, played.RootElement.ValueKind);
            Assert.All(played.RootElement.EnumerateArray(), p => Assert.True(p.GetProperty("playedat").GetInt64() > 0));
        }

        using (var episodes = await Json(http, new Uri(at, "/api/episodes")))
        {
            Assert.Equal(2, episodes.RootElement.GetProperty("feeds").GetArrayLength());
        }

        using (var report = await Json(http, new Uri(at, "/api/reports/listeners"), Basic()))
        {
            Assert.Equal("Africa/Lagos", report.RootElement.GetProperty("time_zone").GetString());
            Assert.Equal(7, report.RootElement.GetProperty("rows").GetArrayLength());
        }

        foreach (string path in (string[])["/api/reports/useragents", "/api/reports/sessions", "/api/reports/aired"])
        {
            using var rows = await Json(http, new Uri(at, path), Basic());
            Assert.Equal(JsonValueKind.Array, rows.RootElement.ValueKind);
        }

        // The page and its assets.
        using var page = await http.GetAsync(at);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("234Radio", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(page.Headers.Contains("Content-Security-Policy"));
        using var hls = await http.GetAsync(new Uri(at, "/vendor/hls.light.min.js"));
        Assert.True((await hls.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task WrongSettings_AsANativeProgram_AreRejectedWithFileAndLine()
    {
        string program = NativeProgram();
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "Automation", "Tone 440");
        string config = StationHost.WriteConfig(dir, "a.mp3", stationYaml: "dead_air_secs: 5\nip_privacy: sideways");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await process.WaitForExitAsync(limit.Token);
        }

        string text = await output + await errors;
        int line = Array.FindIndex(File.ReadAllLines(config), l => l.Contains("dead_air_secs", StringComparison.Ordinal)) + 1;
        Assert.NotEqual(0, process.ExitCode);
        Assert.Matches($@"{Regex.Escape(config)}:{line}:\d+: unknown setting 'dead_air_secs'", text);
        Assert.Matches($@"{Regex.Escape(config)}:{line + 1}:\d+: ip_privacy 'sideways' is not one of truncate, hash, none, drop", text);
    }

    /// <summary>The Native AOT station that scripts/test.sh built; fails (with how to build it) when there is none.</summary>
    private static string NativeProgram()
    {
        string? program = Environment.GetEnvironmentVariable("RADIOSERVER_NATIVE_STATION");
        Assert.True(!string.IsNullOrEmpty(program) && File.Exists(program),
            "RADIOSERVER_NATIVE_STATION names no program: run the README's test command (scripts/test.sh), which builds the Native AOT station first");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(program)!, "RadioServer.dll")),
            $"{program} is not the Native AOT build (scripts/publish-station.sh fell back to ReadyToRun: see its messages)");
        return program;
    }

    private static AuthenticationHeaderValue Basic() =>
        new("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"admin:{AdminPassword}")));

    private static async Task<JsonDocument> Json(HttpClient http, Uri url, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return JsonDocument.Parse(body);
    }
}

/// <summary>
/// The native station runs the whole demo (three mounts, three HLS renditions, analysis of every demo file at start):
/// about a core for its first seconds. Beside the suite's real-time tests on two cores it made their playout late
/// (a fresh-clone run failed two timing tests), so it runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeStationAlone
{
    public const string Name = "Native station, alone";
}

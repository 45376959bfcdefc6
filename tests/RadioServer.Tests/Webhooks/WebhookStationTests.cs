using System.Globalization;
using System.Diagnostics;
using System.Text.Json;
using RadioServer.Tests.Support;
using RadioServer.Webhooks;

namespace RadioServer.Tests.Webhooks;

/// <summary>Webhooks of a real station (real Kestrel, real playout clock) to a receiver on 127.0.0.1.</summary>
[Trait("Layer", "Server")]
public class WebhookStationTests
{
    private const string SecretVariable = "RS_TEST_WEBHOOK_SECRET";
    private const string Secret = "a-long-test-secret-ọ́";

    private static string Playlist(string dir, double seconds)
    {
        ToneLibrary.Create(dir, "a.mp3", 440, seconds, "Artist A", "Tone 440");
        ToneLibrary.Create(dir, "b.mp3", 660, seconds, "Artist B", "Tone 660");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        return "list.m3u";
    }

    private static Task<StationHost> StartAsync(string dir, string playlist, string stationYaml) =>
        StationHost.StartConfigAsync(StationHost.WriteConfig(dir, playlist, "", stationYaml), dir);

    private static IEnumerable<WebhookReceiver.Received> Events(IEnumerable<WebhookReceiver.Received> requests, string name, string? path = null) =>
        requests.Where(r => r.Header("X-RadioServer-Event") == name && (path is null || r.Path == path));

    [Fact]
    public async Task SongChanged_LocalReceiver_SignedNowPlayingWithinOneSecondOfAiring()
    {
        Environment.SetEnvironmentVariable(SecretVariable, Secret);
        await using var receiver = await WebhookReceiver.StartAsync();
        string dir = StationHost.TempDir();
        var host = await StartAsync(dir, Playlist(dir, 1.5), $"""
            listener_milestones: [1]
            webhooks:
              - name: receiver
                url: "{receiver.BaseUri}hook"
                secret_env: {SecretVariable}
            """);
        try
        {
            await using (await IcyClient.ConnectAsync(host.Mount()))
            {
                Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed").Count() >= 3, TimeSpan.FromSeconds(8)),
                    $"song_changed deliveries: {Events(receiver.Requests, "song_changed").Count()}");
                Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "listener_milestone").Any(), TimeSpan.FromSeconds(4)), "no listener_milestone");
            }

            foreach (var r in Events(receiver.Accepted, "song_changed"))
            {
                Assert.Equal("POST", r.Method);
                Assert.Equal("/hook", r.Path);
                Assert.True(WebhookReceiver.Verify(r.Header("X-RadioServer-Signature"), Secret, r.Body), $"bad signature {r.Header("X-RadioServer-Signature")}");
                using var json = JsonDocument.Parse(r.Body);
                var root = json.RootElement;
                Assert.Equal("song_changed", root.GetProperty("event").GetString());
                Assert.Equal("Test Radio Ọ̀yọ́", root.GetProperty("station").GetString());
                var aired = root.GetProperty("at").GetDateTimeOffset();
                double late = (r.At - aired).TotalSeconds;
                Assert.True(late is > -0.2 and < 1.0, $"delivered {late:F3} s after the item aired");
                // The now-playing document of /api/nowplaying, with the station's URL as base.
                var doc = root.GetProperty("now_playing");
                Assert.Equal(root.GetProperty("title").GetString(), doc.GetProperty("now_playing").GetProperty("title").GetString());
                Assert.Equal("http://example.invalid/stream.mp3", doc.GetProperty("mounts")[0].GetProperty("url").GetString());
            }

            Assert.Contains(Events(receiver.Accepted, "song_changed"), r => r.Text.Contains("\"title\":\"Tone 660\"", StringComparison.Ordinal));
            Assert.Single(Events(receiver.Accepted, "station_started"));
            using (var milestone = JsonDocument.Parse(Events(receiver.Accepted, "listener_milestone").First().Body))
            {
                Assert.Equal(1, milestone.RootElement.GetProperty("listeners").GetInt32());
            }

            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
        }
        finally
        {
            var stopping = Stopwatch.StartNew();
            await host.DisposeAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopping.Elapsed}");
        }

        // station_stopping went out during the shutdown, within its budget.
        var stop = Assert.Single(Events(receiver.Accepted, "station_stopping"));
        Assert.True(WebhookReceiver.Verify(stop.Header("X-RadioServer-Signature"), Secret, stop.Body));
    }

    [Fact]
    public async Task ReceiverDown_RetriesThenDelivers_PlayoutTimingUntouchedQueueBounded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        string dir = StationHost.TempDir();
        await using var host = await StartAsync(dir, Playlist(dir, 1), $"""
            webhooks:
              - name: flaky
                url: "{receiver.BaseUri}flaky"
                events: [song_changed]
                queue_length: 2
                retry_initial_seconds: 0.25
                retry_max_seconds: 1
                timeout_seconds: 2
            """);
        var hook = Assert.Single(host.Services.GetRequiredService<WebhookService>().Hooks);
        Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed").Any(), TimeSpan.FromSeconds(5)), "no first delivery");

        // Down for 4 s: about four items air meanwhile; the hook retries (0.25 s doubling to 1 s), its queue fills to 2 and
        // stays there (the oldest waiting is dropped),
        // and the playout clock releases every block on time. A shared machine can hold the playout thread up now and
        // then whatever the webhooks do (the same happens with none), so a window with a late block is run again: the
        // webhooks' retries must leave the timing untouched in one of three, not just be lucky.
        var lateByRound = new List<long>();
        int rounds = 0;
        for (bool clean = false; !clean && rounds < 3; rounds++)
        {
            long lateBlocks = host.Playout.Clock.LateBlocks;
            long stalls = host.Playout.Clock.Stalls;
            int refusedBefore = receiver.Requests.Count(r => !r.Headers.ContainsKey(":accepted"));
            receiver.Down = true;
            int maxQueued = 0;
            var down = Stopwatch.StartNew();
            while (down.Elapsed < TimeSpan.FromSeconds(4))
            {
                maxQueued = Math.Max(maxQueued, hook.Queued);
                await Task.Delay(10);
            }

            int acceptedBefore = Events(receiver.Accepted, "song_changed").Count();
            receiver.Down = false;
            Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed").Count() >= acceptedBefore + 2, TimeSpan.FromSeconds(4)),
                $"accepted {Events(receiver.Accepted, "song_changed").Count()} of {receiver.Requests.Count}");
            int refused = receiver.Requests.Count(r => !r.Headers.ContainsKey(":accepted")) - refusedBefore;
            Assert.True(refused >= 3, $"only {refused} attempts while down"); // retried, not given up
            Assert.Equal(2, maxQueued); // filled to its bound, never past it
            Assert.Equal(stalls, host.Playout.Clock.Stalls);
            lateByRound.Add(host.Playout.Clock.LateBlocks - lateBlocks);
            clean = lateByRound[^1] == 0;
        }

        Assert.True(lateByRound[^1] == 0, $"late blocks in every outage: {string.Join(", ", lateByRound)}");
        Assert.Equal(0, hook.GaveUp);
        Assert.True(hook.FailedAttempts >= 3 * rounds);
        // One line when each outage began, one when it ended: not one per retry.
        Assert.Equal(rounds, host.Logs.Lines.Count(l => l.Contains("Webhook flaky (", StringComparison.Ordinal) && l.Contains("failed: HTTP 503", StringComparison.Ordinal)));
        Assert.Equal(rounds, host.Logs.Lines.Count(l => l.Contains("Webhook flaky delivers again after", StringComparison.Ordinal)));

        using var http = new HttpClient();
        string metrics = await http.GetStringAsync(new Uri(host.BaseUri, "/metrics"));
        Assert.Contains("radioserver_webhook_failures_total{hook=\"flaky\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("radioserver_webhook_deliveries_total{hook=\"flaky\"}", metrics, StringComparison.Ordinal);
        string queueFull = metrics.Split('\n').Single(l => l.StartsWith("radioserver_webhook_dropped_total{hook=\"flaky\",reason=\"queue_full\"}", StringComparison.Ordinal));
        Assert.True(double.Parse(queueFull.Split(' ')[1], CultureInfo.InvariantCulture) >= 1, queueFull); // the bound held by dropping
        Assert.Contains("radioserver_webhook_queue_length{hook=\"flaky\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("radioserver_background_failures_total{loop=\"webhooks\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ReceiverNeverAnswers_StationStopsWithinFiveSecondsUnsentLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        string dir = StationHost.TempDir();
        var host = await StartAsync(dir, Playlist(dir, 1), $"""
            webhooks:
              - name: stuck
                url: "{receiver.BaseUri}stuck"
                timeout_seconds: 60
            """);
        Assert.True(await WebhookReceiver.WaitUntil(() => receiver.Requests.Count >= 1, TimeSpan.FromSeconds(5)), "nothing sent");
        var stopping = Stopwatch.StartNew();
        await host.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopping.Elapsed}");
        Assert.Contains(host.Logs.Lines, l => l.Contains("Webhook stuck:", StringComparison.Ordinal) && l.Contains("not sent before the station stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_BadEditKeepsOldHooksLoggedOnceWithLocation_GoodEditTakesOver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        string dir = StationHost.TempDir();
        string playlist = Playlist(dir, 1);
        string Hooks(string path, string events) => $"""
            webhooks:
              - name: {path}
                url: "{receiver.BaseUri}{path}"
                events: [{events}]
            """;
        await using var host = await StartAsync(dir, playlist, Hooks("a", "song_changed"));
        string config = Path.Combine(dir, "station.yaml");
        Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed", "/a").Any(), TimeSpan.FromSeconds(5)), "hook a got nothing");

        // A bad edit: an unknown event. Rejected with where it is, once; hook a keeps working.
        StationHost.WriteConfig(dir, playlist, "", Hooks("b", "songs_changed"));
        Assert.True(await WebhookReceiver.WaitUntil(() => host.Logs.Lines.Any(l => l.Contains("not reloaded", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)), "no rejection logged");
        var rejected = Assert.Single(host.Logs.Lines, l => l.Contains("not reloaded", StringComparison.Ordinal));
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(config)}:\d+:\d+: webhook event 'songs_changed' is not one of", rejected);
        int a = Events(receiver.Accepted, "song_changed", "/a").Count();
        Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed", "/a").Count() > a, TimeSpan.FromSeconds(4)), "hook a stopped after a bad edit");
        // The same bad file touched: read again after the quiet period, and not logged again.
        File.SetLastWriteTimeUtc(config, File.GetLastWriteTimeUtc(config).AddSeconds(1));
        a = Events(receiver.Accepted, "song_changed", "/a").Count();
        Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed", "/a").Count() >= a + 2, TimeSpan.FromSeconds(5)), "hook a stopped after the touch");
        Assert.Single(host.Logs.Lines, l => l.Contains("not reloaded", StringComparison.Ordinal));

        // A good edit: hook b replaces hook a.
        StationHost.WriteConfig(dir, playlist, "", Hooks("b", "song_changed"));
        Assert.True(await WebhookReceiver.WaitUntil(() => host.Logs.Lines.Any(l => l.Contains("Webhooks reloaded", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)), "no reload logged");
        a = Events(receiver.Requests, "song_changed", "/a").Count();
        Assert.True(await WebhookReceiver.WaitUntil(() => Events(receiver.Accepted, "song_changed", "/b").Count() >= 2, TimeSpan.FromSeconds(5)), "hook b got nothing");
        Assert.Equal(a, Events(receiver.Requests, "song_changed", "/a").Count());
        Assert.Equal("b", Assert.Single(host.Services.GetRequiredService<WebhookService>().Hooks).Name);
        Assert.Single(host.Logs.Lines, l => l.Contains("not reloaded", StringComparison.Ordinal));
    }
}

using RadioServer.Tests.Support;

namespace RadioServer.Tests.Commands;

/// <summary>Hot reload with a listener connected: real Kestrel, real files, real file-system events.</summary>
[Trait("Layer", "Server")]
public class ScheduleHotReloadTests
{
    private static string Schedule(string dir, string rotation, string extra = "") => $"""
        time_zone: Africa/Lagos
        playlists:
          alpha:
            path: "{dir}/alpha"
          beta:
            path: "{dir}/beta"
        default_rotation:
          - playlist: {rotation}
        {extra}
        """;

    private static Task WaitForLog(StationHost host, string text, TimeSpan timeout) =>
        WaitUntil(() => host.Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)), timeout);

    private static int Picks(StationHost host) => host.Logs.Lines.Count(l => l.Contains("On air: ", StringComparison.Ordinal));

    /// <summary>Waits for a condition the station's log shows, polling it; gives up at the deadline (the asserts then say what is missing).</summary>
    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < timeout)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Edit_WithListenerConnected_BrokenEditRejectedValidEditChangesNextPickStreamUnbroken()
    {
        string dir = StationHost.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "alpha"));
        Directory.CreateDirectory(Path.Combine(dir, "beta"));
        ToneLibrary.Create(Path.Combine(dir, "alpha"), "a1.mp3", 440, 2, "Alpha", "One");
        ToneLibrary.Create(Path.Combine(dir, "alpha"), "a2.mp3", 660, 2, "Alpha", "Two");
        ToneLibrary.Create(Path.Combine(dir, "beta"), "b1.mp3", 550, 2, "Beta", "One");
        string schedule = Path.Combine(dir, "schedule.yaml");
        File.WriteAllText(schedule, Schedule(dir, "alpha"));
        string aired = Path.Combine(dir, "aired.csv");
        await using var host = await StationHost.StartAsync(dir, ".", "", $"--station:schedule={schedule}", $"--station:historycsv={aired}");
        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        var reading = listener.ReadForAsync(TimeSpan.FromSeconds(12));

        await WaitForLog(host, "On air: Alpha", TimeSpan.FromSeconds(5));
        File.WriteAllText(schedule, Schedule(dir, "beta", "inserts:\n  - { name: News, cron: \"0 * * *\", playlist: beta }\n"));
        await WaitForLog(host, "the last good schedule keeps running", TimeSpan.FromSeconds(5));
        int picks = Picks(host);
        await WaitUntil(() => Picks(host) > picks, TimeSpan.FromSeconds(5)); // at least one more pick under the old schedule
        Assert.True(Picks(host) > picks, "no item started after the broken edit");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("On air: Beta", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains($"{schedule}:10:", StringComparison.Ordinal) && l.Contains("bad cron", StringComparison.Ordinal));

        File.WriteAllText(schedule, Schedule(dir, "beta"));
        await WaitForLog(host, "On air: Beta - One", TimeSpan.FromSeconds(6));
        await reading;

        Assert.Contains(host.Logs.Lines, l => l.Contains("reloaded; it takes over at the next pick", StringComparison.Ordinal));
        Assert.Contains(listener.Titles, t => t.Title == "Beta - One");
        Assert.Contains(listener.Titles, t => t.Title.StartsWith("Alpha - ", StringComparison.Ordinal));
        // The listener was never cut off: audio kept arriving until the end at the mount's rate (128 kbps).
        Assert.True(listener.Arrivals[^1].Seconds > 11, $"last audio at {listener.Arrivals[^1].Seconds:F1} s");
        Assert.True(listener.Audio.Length > 10 * 16000, $"{listener.Audio.Length} bytes");
        // What aired is in the play history, the old schedule's picks before the new one's.
        string csv = File.ReadAllText(aired);
        Assert.StartsWith("start,end,seconds,file,artist,title,why\r\n", csv, StringComparison.Ordinal);
        Assert.True(csv.Contains(",Alpha,One,\"default rotation: alpha in order, entry 1 of 2\"", StringComparison.Ordinal), csv);
        Assert.True(csv.IndexOf(",Alpha,", StringComparison.Ordinal) < csv.IndexOf(",Beta,", StringComparison.Ordinal) || !csv.Contains(",Beta,", StringComparison.Ordinal));
    }
}

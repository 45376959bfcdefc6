using System.Diagnostics;
using System.Globalization;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Directories;

/// <summary>
/// A real station listed in a YP directory running on 127.0.0.1 (<see cref="YpReceiver"/>, touching every second): the
/// public mount is added with the station's fields, touched with each new title and the listener count, added again when
/// the directory forgets it, and removed when the station stops (in process, and as its own process on SIGTERM). The
/// private and hidden mounts are never listed, and say so in <c>icy-pub</c>.
/// </summary>
[Trait("Layer", "Server")]
public sealed class DirectoryListingTests
{
    [Fact]
    public async Task Station_PublicMount_IsAddedTouchedWithTitlesAndListenersReAddedAndRemovedOnStop()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "Artist A", "Song A");
        ToneLibrary.Create(dir, "b.mp3", 660, 2, "Artist B", "Song B");
        File.WriteAllText(Path.Combine(dir, "list.m3u"), "a.mp3\nb.mp3\n");
        await using var directory = await YpReceiver.StartAsync();
        var host = await StationHost.StartAsync(dir, "list.m3u", "public: true", [.. DirectoryArgs(directory),
            "--station:mounts:1:path=/private.mp3", "--station:mounts:1:bitrate=64", "--station:mounts:1:public=false",
            "--station:mounts:2:path=/hidden.mp3", "--station:mounts:2:hidden=true", "--station:public=true"]);
        bool stopped = false;
        try
        {
            var add = await WaitForAsync(directory, r => r.Action == "add", "the add");
            Assert.Equal("application/x-www-form-urlencoded", add.ContentType);
            Assert.Equal("Test Radio Ọ̀yọ́", add["sn"]);
            Assert.Equal("Test", add["genre"]);
            Assert.Equal("Tests", add["desc"]);
            Assert.Equal("http://example.invalid/", add["url"]);
            Assert.Equal($"http://localhost:{host.BaseUri.Port}/stream.mp3", add["listenurl"]);
            Assert.Equal("audio/mpeg", add["type"]);
            Assert.Equal("MP3", add["stype"]);
            Assert.Equal("128", add["b"]);
            Assert.Contains(add.Fields.Keys, k => k.Contains("samplerate=44100", StringComparison.Ordinal) && k.Contains("channels=2", StringComparison.Ordinal));

            // Touches carry the title on air and the listeners: one listener, then both songs.
            await using (var listener = await IcyClient.ConnectAsync(host.Mount()))
            {
                Assert.Contains("\r\nicy-pub:1\r\n", listener.ResponseHead, StringComparison.Ordinal);
                Assert.Contains("\r\nicy-sr:44100\r\n", listener.ResponseHead, StringComparison.Ordinal);
                await WaitForAsync(directory, r => r.Action == "touch" && r["listeners"] == "1", "a touch counting the listener", seconds: 15);
                await WaitForAsync(directory, r => r.Action == "touch" && r["st"].Contains("Song A", StringComparison.Ordinal), "a touch with Song A", seconds: 15);
                await WaitForAsync(directory, r => r.Action == "touch" && r["st"].Contains("Song B", StringComparison.Ordinal), "a touch with Song B", seconds: 15);
            }

            await using (var privateListener = await IcyClient.ConnectAsync(host.Mount("/private.mp3")))
            {
                Assert.Contains("\r\nicy-pub:0\r\n", privateListener.ResponseHead, StringComparison.Ordinal);
            }

            var touch = directory.Requests.First(r => r.Action == "touch");
            Assert.NotEqual("", touch["sid"]);
            Assert.True(int.Parse(touch["max_listeners"], CultureInfo.InvariantCulture) > 0);

            // The directory forgets the listing: the next touch is refused and the mount is added again, under a new SID.
            directory.Forget();
            await UntilAsync(() => directory.Requests.Count(r => r.Action == "add") >= 2, "the second add", 15);
            await WaitForAsync(directory, r => r.Action == "touch" && r["sid"] != touch["sid"], "a touch under the new SID", seconds: 15);

            string sid = directory.Requests.Last(r => r.Action == "touch")["sid"];
            var stopping = Stopwatch.StartNew();
            await host.DisposeAsync();
            stopped = true;
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopping.Elapsed.TotalSeconds:F1} s");
            var remove = Assert.Single(directory.Requests, r => r.Action == "remove");
            Assert.Equal(sid, remove["sid"]);
            Assert.Contains(host.Logs.Lines, l => l.Contains("Removed /stream.mp3 from directory", StringComparison.Ordinal));
        }
        finally
        {
            if (!stopped)
            {
                await host.DisposeAsync();
            }
        }

        // Only the public mount was ever listed.
        Assert.All(directory.Requests.Where(r => r.Action == "add"), r => Assert.EndsWith("/stream.mp3", r["listenurl"], StringComparison.Ordinal));
        Assert.DoesNotContain(directory.Requests, r => r.Body.Contains("private", StringComparison.Ordinal) || r.Body.Contains("hidden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Station_NoPublicMount_ListsNothingAndSaysWhy()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "Artist A", "Song A");
        await using var directory = await YpReceiver.StartAsync();
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", [.. DirectoryArgs(directory)]);
        await using (var listener = await IcyClient.ConnectAsync(host.Mount()))
        {
            Assert.Contains("\r\nicy-pub:0\r\n", listener.ResponseHead, StringComparison.Ordinal);
        }

        await UntilAsync(() => host.Logs.Lines.Any(l => l.Contains("no mount is public", StringComparison.Ordinal)), "the warning", 10);
        Assert.Empty(directory.Requests);
    }

    [Fact]
    public async Task Sigterm_ListedStation_RemovesItsListingAndExitsWithin5s()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "Artist A", "Song A");
        string config = StationHost.WriteConfig(dir, "a.mp3", "public: true");
        await using var directory = await YpReceiver.StartAsync();
        using var station = await StationProcess.StartAsync(config, DirectoryArgs(directory));
        await WaitForAsync(directory, r => r.Action == "touch", "a touch", seconds: 20);
        string sid = directory.Requests.Last(r => r.Action == "touch")["sid"];

        var stopping = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", station.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await station.Process.WaitForExitAsync(wait.Token);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopping.Elapsed.TotalSeconds:F1} s\n{station.Tail()}");
        Assert.Equal(0, station.Process.ExitCode);
        var remove = Assert.Single(directory.Requests, r => r.Action == "remove");
        Assert.Equal(sid, remove["sid"]);
    }

    [Fact]
    public async Task Stop_DirectoryHangsOnRemove_StationStopsAnyway()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "Artist A", "Song A");
        await using var directory = await YpReceiver.StartAsync();
        directory.HangOnRemove = true;
        var host = await StationHost.StartAsync(dir, "a.mp3", "public: true", [.. DirectoryArgs(directory)]);
        await WaitForAsync(directory, r => r.Action == "touch", "a touch");

        var stopping = Stopwatch.StartNew();
        await host.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopping.Elapsed.TotalSeconds:F1} s");
        Assert.Single(directory.Requests, r => r.Action == "remove");
        Assert.Contains(host.Logs.Lines, l => l.Contains("Could not remove /stream.mp3 from directory", StringComparison.Ordinal));
    }

    private static string[] DirectoryArgs(YpReceiver directory) =>
    [
        $"--station:directories:yp_urls:0={directory.Url}", "--station:directories:min_touch_seconds=1", "--station:directories:touch_interval_seconds=1",
        "--station:directories:retry_seconds=1", "--station:directories:timeout_seconds=2",
    ];

    private static async Task<YpRequest> WaitForAsync(YpReceiver directory, Func<YpRequest, bool> match, string what, double seconds = 10)
    {
        YpRequest? found = null;
        await UntilAsync(() => (found = directory.Requests.FirstOrDefault(match)) is not null, $"{what}; got: {string.Join(" | ", directory.Requests.Select(r => r.Body.TrimEnd()))}", seconds);
        return found!;
    }

    private static Task UntilAsync(Func<bool> condition, string what, double seconds) => Until.AssertAsync(condition, what, TimeSpan.FromSeconds(seconds));
}

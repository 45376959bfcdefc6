using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RadioServer.Stats;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Safety;

/// <summary>
/// Faults around the station (a push target that hangs, a statistics database that breaks, a full disk) leave the
/// process up, the listeners' audio unbroken, and exactly one log line per fault (issue 11, part 3 and 4).
/// </summary>
[Trait("Layer", "Server")]
public sealed class BackgroundFaultTests
{
    [Fact]
    public async Task PushTargetThatAcceptsAndNeverAnswers_TimesOut_RetriesWithBackoff_OneLogLine_ListenersKeepAudio()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new ConcurrentQueue<TcpClient>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Enqueue(await silent.AcceptTcpClientAsync(stop.Token)); // accepted, never answered
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Artist", "Tone");
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        try
        {
            await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:push:0:mount=/stream.mp3",
                $"--station:push:0:url=http://127.0.0.1:{port}/remote.mp3", "--station:push:0:password=push-secret",
                "--station:push:0:timeout_seconds=1");
            await using var listener = await IcyClient.ConnectAsync(host.Mount());

            // Tries at about 0 s, 2 s (1 s timeout + 1 s back-off) and 5 s (+ 2 s): read audio until the third.
            var waited = Stopwatch.StartNew();
            while (accepted.Count < 3 && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await listener.ReadForAsync(TimeSpan.FromMilliseconds(500));
            }

            Assert.True(accepted.Count >= 3, $"the push retried ({accepted.Count} connections)");
            var failures = host.Logs.Lines.Where(l => l.Contains("Push of /stream.mp3", StringComparison.Ordinal)).ToList();
            string line = Assert.Single(failures);
            Assert.Contains($"no answer from 127.0.0.1:{port} within 1 s", line, StringComparison.Ordinal);
            Assert.DoesNotContain("push-secret", string.Join('\n', host.Logs.Lines), StringComparison.Ordinal);

            // Every failure is counted, though only the first was logged.
            using var http = new HttpClient();
            var metrics = PrometheusText.Parse(await http.GetStringAsync(new Uri(host.BaseUri, "/metrics")));
            Assert.True(metrics.Value("radioserver_background_failures_total", ("loop", "push")) >= 2);

            long before = listener.Audio.Length;
            await listener.ReadUntilAudioPastAsync(before + 8_000, TimeSpan.FromSeconds(5));
            Assert.True(listener.Audio.Length - before > 8_000, "the listener keeps its audio (128 kbps is 16 kB/s)");
        }
        finally
        {
            await stop.CancelAsync();
            await acceptLoop;
            while (accepted.TryDequeue(out var tcp))
            {
                tcp.Dispose();
            }
        }
    }

    [Fact]
    public async Task StatsDatabaseReplacedByGarbage_TheStationStillStarts_KeepsTheFileAside_AndRecordsAfresh()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Artist", "Tone");
        string db = Path.Combine(dir, "stats.db");
        string[] args = ["--station:database=" + db];
        await using (var first = await StationHost.StartAsync(dir, "a.mp3", "", args))
        {
            await ListenBrieflyAsync(first);
            var recorder = first.Services.GetRequiredService<StatsRecorder>();
            await WaitForAsync(() => recorder.Written >= 1, "the first session is written");
        }

        // A failed disk or a bad copy: the file is garbage when the station next starts. (A restart is a new
        // process; here the test process's connection pool would still hold the old file open.)
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var garbage = new byte[64 * 1024];
        new Random(11).NextBytes(garbage);
        await File.WriteAllBytesAsync(db, garbage);
        File.Delete(db + "-wal");
        File.Delete(db + "-shm");

        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", args);
        await WaitForAsync(() => host.Logs.Lines.Any(l => l.Contains("was corrupt", StringComparison.Ordinal)), "the replaced file is logged");
        string line = Assert.Single(host.Logs.Lines, l => l.Contains("was corrupt", StringComparison.Ordinal));
        string aside = Assert.Single(Directory.GetFiles(dir, "stats.db.corrupt-*"));
        Assert.Contains(Path.GetFileName(aside), line, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(aside)); // kept as it was, for whoever wants to look

        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadUntilAudioPastAsync(8_000, TimeSpan.FromSeconds(5));
        Assert.True(listener.Audio.Length > 8_000, "the station plays");
        await listener.DisposeAsync();
        var recorder2 = host.Services.GetRequiredService<StatsRecorder>();
        await WaitForAsync(() => recorder2.Written >= 1, "statistics are recorded in the new file");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Could not write listener statistics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiskFull_UnderTheStatsDatabase_OneLineWhileFull_OneWhenWritingAgain_ListenersKeepAudio()
    {
        // A small tmpfs of our own, filled to the last byte (the test runs as root, as its setup does).
        string mount = await MountSmallDiskAsync();
        try
        {
            string dir = StationHost.TempDir();
            ToneLibrary.Create(dir, "a.mp3", 440, 4, "Artist", "Tone");
            await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:database=" + Path.Combine(mount, "stats.db"));
            var recorder = host.Services.GetRequiredService<StatsRecorder>();
            await using var bystander = await IcyClient.ConnectAsync(host.Mount());
            await ListenBrieflyAsync(host);
            await WaitForAsync(() => recorder.Written >= 1, "the first session is written");

            string filler = Path.Combine(mount, "filler");
            await FillAsync(filler);
            for (int i = 0; i < 40 && !host.Logs.Lines.Any(l => l.Contains("Could not write listener statistics", StringComparison.Ordinal)); i++)
            {
                await ListenBrieflyAsync(host); // each session's row grows the journal until a page no longer fits
            }

            await ListenBrieflyAsync(host);
            await ListenBrieflyAsync(host);
            await Task.Delay(300);
            Assert.Single(host.Logs.Lines, l => l.Contains("Could not write listener statistics", StringComparison.Ordinal));

            File.Delete(filler);
            long written = recorder.Written;
            await ListenBrieflyAsync(host);
            await WaitForAsync(() => recorder.Written > written, "rows are written again once there is room");
            Assert.Single(host.Logs.Lines, l => l.Contains("Listener statistics are written again", StringComparison.Ordinal));

            long before = bystander.Audio.Length;
            await bystander.ReadUntilAudioPastAsync(before + 8_000, TimeSpan.FromSeconds(5));
            Assert.True(bystander.Audio.Length - before > 8_000, "the connected listener kept its audio");
        }
        finally
        {
            await RunAsync("umount", "-l", mount);
        }
    }

    [Fact]
    public async Task DataFolderReadOnlyThenFull_HistoryAccessLogAndStats_OneLinePerFault_RowsKeptAndWritten_ListenersKeepAudio()
    {
        // The data folder is a tmpfs of our own (the test runs as root, as its setup does), read-only when the station
        // starts (a volume mounted wrong), made writable, then filled to the last byte.
        string mount = await MountSmallDiskAsync();
        try
        {
            await RemountAsync(mount, "ro");
            string dir = StationHost.TempDir();
            ToneLibrary.Create(dir, "a.mp3", 440, 1.5, "Artist", "A");
            ToneLibrary.Create(dir, "b.mp3", 660, 1.5, "Artist", "B");
            File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
            string history = Path.Combine(mount, "aired.csv");
            string access = Path.Combine(mount, "access.log");
            await using var host = await StationHost.StartAsync(dir, "list.m3u", "", "--station:history_csv=" + history,
                "--station:access_log=" + access, "--station:data_folder=" + Path.Combine(mount, "data"),
                "--station:database=" + Path.Combine(mount, "stats.db"));
            await using var bystander = await IcyClient.ConnectAsync(host.Mount());
            var listening = bystander.ReadForAsync(TimeSpan.FromSeconds(15));
            int Rows() => File.Exists(history) ? File.ReadAllLines(history).Length - 1 : 0;
            int Lines(string text) => host.Logs.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

            // Read-only: every file fails, each says so once, what is queued waits.
            for (int i = 0; i < 10; i++)
            {
                await ListenBrieflyAsync(host); // an access-log line and a statistics row each
                await Task.Delay(250); // and a track change every 1.5 s: a history row each
            }

            Assert.Equal(1, Lines($"Cannot write {history}"));
            Assert.Equal(1, Lines($"Cannot write {access}"));
            Assert.Equal(1, Lines("Could not write listener statistics"));

            // Writable: the queued history rows and access lines are written, one line each says so.
            await RemountAsync(mount, "rw");
            await ListenBrieflyAsync(host);
            await WaitForAsync(() => Lines($"{history} is written again") == 1 && Lines($"{access} is written again") == 1
                                     && Lines("Listener statistics are written again") == 1, "every file written again");
            Assert.True(Rows() >= 2, $"the rows queued while the folder was read-only are written ({Rows()})");
            Assert.True(File.ReadAllLines(access).Length >= 11, "the access lines queued while read-only are written");

            // Full while running: a new fault, one new line. (Long user agents, kept to 512 characters in the log, so
            // the lines outgrow the page the file already has: a full tmpfs still fits what is left of a file's last page.)
            string filler = Path.Combine(mount, "filler");
            await FillAsync(filler);
            for (int i = 0; i < 10; i++)
            {
                await using var listener = await IcyClient.ConnectAsync(host.Mount(), userAgent: "Player/" + new string('x', 3000));
                await listener.ReadForAsync(TimeSpan.FromMilliseconds(100));
            }

            await WaitForAsync(() => Lines($"Cannot write {access}") == 2, "the full disk is said once");
            File.Delete(filler);
            await WaitForAsync(() => Lines($"{access} is written again") == 2, "written again after the disk had room");
            Assert.Equal(10, File.ReadAllLines(access).Count(l => l.Contains("Player/xxx", StringComparison.Ordinal)));

            using var http = new HttpClient();
            var metrics = PrometheusText.Parse(await http.GetStringAsync(new Uri(host.BaseUri, "/metrics")));
            Assert.True(metrics.Value("radioserver_background_failures_total", ("loop", "history_csv")) >= 1);
            Assert.True(metrics.Value("radioserver_background_failures_total", ("loop", "access_log")) >= 2);
            Assert.True(metrics.Value("radioserver_background_failures_total", ("loop", "stats")) >= 1);

            // Through all of it the listener heard the station without a pause.
            await listening;
            bystander.AssertUnbroken();
        }
        finally
        {
            await RunAsync("umount", "-l", mount);
        }
    }

    private static async Task ListenBrieflyAsync(StationHost host)
    {
        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        await listener.ReadForAsync(TimeSpan.FromMilliseconds(100));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"waited 10 s for: {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Writes until the disk refuses another byte.</summary>
    private static async Task FillAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                await file.WriteAsync(block);
            }
        }
        catch (IOException)
        {
        }

        try
        {
            while (true)
            {
                await file.WriteAsync(block.AsMemory(0, 1));
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A 2 MB tmpfs of the test's own (the suite runs as root, as its setup does); unmount it with <c>umount -l</c>.</summary>
    private static async Task<string> MountSmallDiskAsync()
    {
        string mount = Path.Combine(StationHost.TempDir(), "small-disk");
        Directory.CreateDirectory(mount);
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount);
        Assert.True(code == 0, $"mount a 2 MB tmpfs: {output}");
        return mount;
    }

    /// <summary>Makes the disk read-only (<c>ro</c>) or writable (<c>rw</c>) again.</summary>
    private static async Task RemountAsync(string mount, string mode)
    {
        var (code, output) = await RunAsync("mount", "-o", "remount," + mode, mount);
        Assert.True(code == 0, $"remount {mode}: {output}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}

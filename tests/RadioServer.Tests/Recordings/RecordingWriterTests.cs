using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Playout.Audio;
using RadioServer.Recordings;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Recordings;

/// <summary>
/// The recorder on a mount's buffer fed by hand: files named, tagged and measured; starts and ends on title changes;
/// a failing disk said once, counted, and written when it works again (issue 14, part 3).
/// </summary>
[Trait("Layer", "Unit")]
public sealed class RecordingWriterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero); // 07:00 in Lagos
    private readonly string _root = Path.Combine(StationHost.TempDir(), "recordings");
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _loggers;
    private int _failures;

    public RecordingWriterTests() => _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));

    public void Dispose() => _loggers.Dispose();

    private RecordingWriter Writer(long maxTotalBytes = 0, TimeSpan? maxAge = null, TimeProvider? time = null) =>
        new(new RecordingCatalog(_root), maxAge, maxTotalBytes, "Test Radio", "Africa/Lagos", time ?? new FakeTimeProvider(Start),
            _loggers.CreateLogger<RecordingWriter>(), () => Interlocked.Increment(ref _failures), retry: TimeSpan.FromMilliseconds(50));

    private static RecordingInfo Info(string show, string presenter, DateTimeOffset started, RecordingKind kind = RecordingKind.Live, string? role = null) => new()
    {
        Id = Guid.NewGuid(), Kind = kind, Show = show, Presenter = presenter, Role = role, Mount = "/stream.mp3",
        StartedUtc = started, StartedLocal = started.ToOffset(TimeSpan.FromHours(1)),
    };

    [Fact]
    public async Task Recording_OfAMountsChunks_IsNamedTaggedMeasuredAndCatalogued()
    {
        using var writer = Writer();
        var buffer = RecordingTestAudio.Buffer();
        var title = new StreamTitle("Morning Show");
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), title); // aired before: not recorded
        var recording = new ActiveRecording(buffer, writer.Begin(Info("Ọ̀yọ́ Morning Show!", "adé", Start)), writer, TimeSpan.Zero).Start();
        var show = RecordingTestAudio.Tone(3);
        RecordingTestAudio.Append(buffer, show, title);
        recording.Stop();
        var info = await recording.File.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(info);
        Assert.Equal(Path.Combine(_root, "oyo-morning-show", "2026-12-07_0700_oyo-morning-show.mp3"), info.FilePath);
        Assert.Equal("oyo-morning-show/2026-12-07_0700_oyo-morning-show.mp3", info.RelativePath);
        Assert.Equal(show.Sum(c => c.Duration.TotalSeconds), info.DurationSeconds, 0.002);
        Assert.Equal(new FileInfo(info.FilePath).Length, info.Bytes);
        Assert.True(Mp3Probe.Probe(info.FilePath) is { IsPlayable: true, Damage: null or { IsDamaged: false } });
        using (var tagged = TagLib.File.Create(info.FilePath))
        {
            Assert.Equal("adé", Assert.Single(tagged.Tag.Performers));
            Assert.Equal("Ọ̀yọ́ Morning Show!", tagged.Tag.Title);
            Assert.Equal("Ọ̀yọ́ Morning Show!", tagged.Tag.Album);
            var id3 = (TagLib.Id3v2.Tag)tagged.GetTag(TagLib.TagTypes.Id3v2);
            Assert.Equal("2026-12-07T07:00:00", id3.GetTextAsString("TDRC"));
        }

        var sidecar = JsonSerializer.Deserialize<RecordingInfo>(File.ReadAllText(RecordingInfo.SidecarOf(info.FilePath)), RecordingInfo.Json)!;
        Assert.True(sidecar.Complete);
        Assert.Equal(info.Id, sidecar.Id);
        Assert.Equal(info, Assert.Single(writer.Catalog.All));

        // A second recording of the same show in the same minute gets the next free name.
        var again = new ActiveRecording(buffer, writer.Begin(Info("Ọ̀yọ́ Morning Show!", "adé", Start)), writer, TimeSpan.Zero).Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), title);
        again.Stop();
        Assert.EndsWith("2026-12-07_0700_oyo-morning-show_2.mp3", (await again.File.Finished.WaitAsync(TimeSpan.FromSeconds(10)))!.FilePath, StringComparison.Ordinal);

        // Restarted: the catalog comes back from the sidecars.
        writer.Dispose();
        using var restarted = Writer();
        Assert.True(restarted.WaitWritten(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, restarted.Catalog.All.Count);
    }

    [Fact]
    public async Task Recording_WithWindows_StartsAndEndsOnTheTitleChanges()
    {
        using var writer = Writer();
        var buffer = RecordingTestAudio.Buffer();
        StreamTitle song = new("Song"), news = new("News");
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), song);
        var recording = new ActiveRecording(buffer, writer.Begin(Info("News", "Desk", Start, RecordingKind.Item, "news")), writer, TimeSpan.FromSeconds(2),
            startTitle: t => t.Title == "News").Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(0.3), song); // the end of the song, still encoding
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(0.3, 660), new StreamTitle("Jingle")); // another title first: not the one awaited
        var bulletin = RecordingTestAudio.Tone(2, 1000);
        RecordingTestAudio.Append(buffer, bulletin, news);
        recording.Stop(TimeSpan.FromSeconds(2));
        var last = RecordingTestAudio.Tone(0.2, 1000);
        RecordingTestAudio.Append(buffer, last, news); // the bulletin's last frames
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), new StreamTitle("Next song"));
        var info = await recording.File.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        double expected = bulletin.Concat(last).Sum(c => c.Duration.TotalSeconds);

        Assert.NotNull(info);
        Assert.Equal(Path.Combine(_root, "news"), Path.GetDirectoryName(info.FilePath)); // items go under their kind
        Assert.Equal(expected, info.DurationSeconds, 0.002); // the news and only the news, chunk-exact
    }

    [Fact]
    public async Task Writer_FolderCannotBeCreated_OneLogLineFailuresCounted_WrittenWhenItWorksAgain()
    {
        Directory.CreateDirectory(_root);
        string blocker = Path.Combine(_root, "blocked-show");
        File.WriteAllText(blocker, "a file where the show's folder should be");
        using var writer = Writer();
        var buffer = RecordingTestAudio.Buffer();
        var recording = new ActiveRecording(buffer, writer.Begin(Info("Blocked Show", "ade", Start)), writer, TimeSpan.Zero).Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(2), new StreamTitle("Blocked"));
        recording.Stop();

        await WaitForAsync(() => Volatile.Read(ref _failures) >= 3, "the writer retries with back-off");
        Assert.Single(_logs.Lines, l => l.Contains("Cannot write recordings in", StringComparison.Ordinal));
        File.Delete(blocker);

        var info = await recording.File.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(info);
        Assert.InRange(info.DurationSeconds, 1.9, 2.1); // the audio waited in memory and nothing was lost
        await WaitForAsync(() => _logs.Lines.Any(l => l.Contains("are written again; 0 bytes of audio were lost", StringComparison.Ordinal)), "the recovery is said");
    }

    [Fact]
    public async Task Writer_SizeCapReached_DeletesTheOldestFirst()
    {
        var time = new FakeTimeProvider(Start);
        var buffer = RecordingTestAudio.Buffer();
        var infos = new List<RecordingInfo>();
        using (var writer = Writer(time: time))
        {
            for (int i = 0; i < 3; i++)
            {
                var recording = new ActiveRecording(buffer, writer.Begin(Info($"Show {i}", "ade", Start.AddHours(i))), writer, TimeSpan.Zero).Start();
                RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), new StreamTitle($"Show {i}"));
                recording.Stop();
                infos.Add((await recording.File.Finished.WaitAsync(TimeSpan.FromSeconds(10)))!);
            }
        }

        // Room for three: a fourth pushes the oldest out, and only it.
        long cap = infos[0].Bytes + infos[1].Bytes + infos[2].Bytes;
        using var capped = Writer(maxTotalBytes: cap, time: time);
        Assert.True(capped.WaitWritten(TimeSpan.FromSeconds(5)));
        Assert.Equal(3, capped.Catalog.All.Count);
        var fourth = new ActiveRecording(buffer, capped.Begin(Info("Show 3", "ade", Start.AddHours(3))), capped, TimeSpan.Zero).Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(0.5), new StreamTitle("Show 3"));
        fourth.Stop();
        await fourth.File.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(capped.WaitWritten(TimeSpan.FromSeconds(5)));

        Assert.Equal(["Show 3", "Show 2", "Show 1"], capped.Catalog.All.Select(r => r.Show));
        Assert.False(File.Exists(infos[0].FilePath));
        Assert.False(File.Exists(RecordingInfo.SidecarOf(infos[0].FilePath)));
        Assert.False(Directory.Exists(Path.GetDirectoryName(infos[0].FilePath)), "the emptied show folder goes too");
        Assert.True(File.Exists(infos[1].FilePath));
        Assert.Contains(_logs.Lines, l => l.Contains($"Deleted recording {infos[0].FilePath}: the recordings passed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retention_Hourly_CountsTheRecordingsInProgress()
    {
        var time = new FakeTimeProvider(Start);
        var buffer = RecordingTestAudio.Buffer();
        var infos = new List<RecordingInfo>();
        using (var writer = Writer(time: time))
        {
            for (int i = 0; i < 3; i++)
            {
                infos.Add(await RecordAsync(writer, buffer, $"Show {i}", i, 1));
            }
        }

        using var capped = Writer(maxTotalBytes: infos.Sum(r => r.Bytes), time: time);
        Assert.True(capped.WaitWritten(TimeSpan.FromSeconds(5)));
        var longShow = new ActiveRecording(buffer, capped.Begin(Info("Long Show", "ade", Start.AddHours(3))), capped, TimeSpan.Zero).Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(0.5), new StreamTitle("Long Show")); // less than any finished one: one goes
        await WaitForAsync(() => longShow.Recorded >= TimeSpan.FromSeconds(0.45), "the show's first half second is queued");
        Assert.True(capped.WaitWritten(TimeSpan.FromSeconds(5)));
        capped.Prune(); // what the hourly timer does, while the long show is still recording
        Assert.True(capped.WaitWritten(TimeSpan.FromSeconds(5)));

        Assert.False(File.Exists(infos[0].FilePath), "the show in progress pushed the total past the cap");
        Assert.Equal(["Show 2", "Show 1"], capped.Catalog.All.Select(r => r.Show));
        longShow.Stop();
        Assert.NotNull(await longShow.File.Finished.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Retention_FileCannotBeDeleted_LoggedOnceAndSkipped_LaterRecordingsStillWritten()
    {
        var time = new FakeTimeProvider(Start);
        var buffer = RecordingTestAudio.Buffer();
        var infos = new List<RecordingInfo>();
        using (var writer = Writer(time: time))
        {
            for (int i = 0; i < 2; i++)
            {
                infos.Add(await RecordAsync(writer, buffer, $"Show {i}", i, 1));
            }
        }

        using var capped = Writer(maxTotalBytes: infos.Sum(r => r.Bytes), time: time);
        Assert.True(capped.WaitWritten(TimeSpan.FromSeconds(5)));
        File.Delete(infos[0].FilePath);
        Directory.CreateDirectory(infos[0].FilePath); // a folder where the oldest recording was: no delete of it works, not even as root

        var later = new List<RecordingInfo>();
        for (int i = 2; i < 5; i++)
        {
            later.Add(await RecordAsync(capped, buffer, $"Show {i}", i, 0.5));
        }

        Assert.All(later, r => Assert.True(File.Exists(r.FilePath)));
        Assert.Equal("Show 4", capped.Catalog.All[0].Show);
        Assert.Single(_logs.Lines, l => l.Contains($"Cannot delete recording {infos[0].FilePath}", StringComparison.Ordinal));
        Assert.True(Volatile.Read(ref _failures) >= 2, "every refused delete is counted");
        Assert.Contains(_logs.Lines, l => l.Contains($"Deleted recording {infos[1].FilePath}", StringComparison.Ordinal)); // the next oldest still goes
    }

    [Fact]
    public async Task Load_RecordingCannotBeMeasured_IsSkipped_LaterRecordingsStillWritten()
    {
        var buffer = RecordingTestAudio.Buffer();
        RecordingInfo crashed;
        using (var writer = Writer())
        {
            crashed = await RecordAsync(writer, buffer, "Crashed Show", 0, 1);
        }

        // As a crash leaves it (its sidecar incomplete), and a folder where the measured sidecar is written first.
        File.WriteAllText(RecordingInfo.SidecarOf(crashed.FilePath), JsonSerializer.Serialize(crashed with { Complete = false }, RecordingInfo.Json));
        Directory.CreateDirectory(RecordingInfo.SidecarOf(crashed.FilePath) + ".tmp");
        using var restarted = Writer();
        var next = await RecordAsync(restarted, buffer, "Next Show", 1, 0.5);

        Assert.True(File.Exists(next.FilePath));
        Assert.Equal(["Next Show"], restarted.Catalog.All.Select(r => r.Show));
        Assert.Single(_logs.Lines, l => l.Contains($"Cannot read {RecordingInfo.SidecarOf(crashed.FilePath)} in the recordings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_WhileTheDiskFails_StopsAtOnce()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "blocked-show"), "a file where the show's folder should be");
        var writer = Writer();
        var buffer = RecordingTestAudio.Buffer();
        var recording = new ActiveRecording(buffer, writer.Begin(Info("Blocked Show", "ade", Start)), writer, TimeSpan.Zero).Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), new StreamTitle("Blocked"));
        recording.Stop();
        await WaitForAsync(() => Volatile.Read(ref _failures) >= 2, "the writer is in a failure streak");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        writer.Dispose();
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1)); // no waiting on a failing disk: the shutdown has 5 s in all
        Assert.Null(await recording.File.Finished.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>Records <paramref name="seconds"/> of tone as <paramref name="show"/>, started <paramref name="hour"/> hours after <see cref="Start"/>.</summary>
    private static async Task<RecordingInfo> RecordAsync(RecordingWriter writer, BroadcastBuffer buffer, string show, int hour, double seconds)
    {
        var recording = new ActiveRecording(buffer, writer.Begin(Info(show, "ade", Start.AddHours(hour))), writer, TimeSpan.Zero).Start();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(seconds), new StreamTitle(show));
        recording.Stop();
        var info = await recording.File.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(info);
        return info;
    }

    [Fact]
    public void Retention_ByAgeAndBySize_PicksOldestFirst()
    {
        var now = Start;
        RecordingInfo R(int daysAgo, long bytes) => Info($"d{daysAgo}", "x", now.AddDays(-daysAgo)) with { Bytes = bytes, Complete = true };
        RecordingInfo[] all = [R(1, 100), R(40, 100), R(3, 100), R(2, 100)];
        var byAge = RecordingRetention.Select(all, now, TimeSpan.FromDays(30), 0);
        Assert.Equal(["d40"], byAge.Select(d => d.Recording.Show));
        var bySize = RecordingRetention.Select(all, now, null, 250);
        Assert.Equal(["d40", "d3"], bySize.Select(d => d.Recording.Show));
        var withActive = RecordingRetention.Select(all, now, null, 250, otherBytes: 100);
        Assert.Equal(["d40", "d3", "d2"], withActive.Select(d => d.Recording.Show));
    }

    [Theory]
    [InlineData("Ọ̀yọ́ Morning Show!", "oyo-morning-show")]
    [InlineData("  Live with DJ Adé  ", "live-with-dj-ade")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("新闻", "show")]
    public void Slug_OfShowNames_IsSafeLowerCaseAscii(string name, string slug) => Assert.Equal(slug, RecordingNames.Slug(name));

    private static Task WaitForAsync(Func<bool> condition, string what) => Until.AssertAsync(condition, what, TimeSpan.FromSeconds(10));
}

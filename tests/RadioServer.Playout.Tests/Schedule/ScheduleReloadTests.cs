using Microsoft.Extensions.Time.Testing;
using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

public class ScheduleReloadTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));

    private static string Yaml(string rotationPlaylist, string extra = "") => $"""
        time_zone: Africa/Lagos
        playlists:
          music: {"{"} path: "{DemoFiles.Playlists}/music", rotation: sequential {"}"}
          ids: {"{"} path: "{DemoFiles.Playlists}/ids", rotation: sequential {"}"}
        default_rotation:
          - playlist: {rotationPlaylist}
        station_id: {"{"} playlist: ids, every_tracks: 2 {"}"}
        {extra}
        """;

    private static (ReloadableScheduler Selector, ScheduleWatcher Watcher, string Path, ListLogger Logger, FakeTimeProvider Time) Start()
    {
        string path = System.IO.Path.Combine(DemoFiles.TempDir(), "schedule.yaml");
        File.WriteAllText(path, Yaml("music"));
        var logger = new ListLogger();
        var time = new FakeTimeProvider(Monday);
        var selector = new ReloadableScheduler(Scheduler.FromFile(path, logger));
        return (selector, new ScheduleWatcher(selector, path, time, logger, watch: false), path, logger, time);
    }

    private static string Air(ReloadableScheduler selector, DateTimeOffset at)
    {
        var item = selector.PickNext(at)!;
        selector.OnAired(item, at);
        return item.Reason;
    }

    [Fact]
    public void Reload_ValidEdit_ChangesTheNextPickAndKeepsTheStationIdCount()
    {
        var (selector, watcher, path, logger, _) = Start();
        using var _ = watcher;
        Assert.StartsWith("default rotation: music", Air(selector, Monday), StringComparison.Ordinal);

        File.WriteAllText(path, Yaml("ids"));
        Assert.True(watcher.Reload());

        // One music track aired before the reload: with every_tracks 2, one more rotation pick, then the ID.
        Assert.StartsWith("default rotation: ids", Air(selector, Monday.AddMinutes(1)), StringComparison.Ordinal);
        Assert.StartsWith("station ID after 2 music tracks", Air(selector, Monday.AddMinutes(2)), StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Contains("reloaded; it takes over at the next pick", StringComparison.Ordinal));
    }

    [Fact]
    public void Reload_BrokenEdit_IsReportedWithFileLineColumnAndChangesNothing()
    {
        var (selector, watcher, path, logger, _) = Start();
        using var _ = watcher;
        var before = selector.Current;

        File.WriteAllText(path, Yaml("ids", "inserts:\n  - { name: News, cron: \"0 * * *\", playlist: nowhere }\n"));
        Assert.False(watcher.Reload());

        Assert.Same(before, selector.Current);
        Assert.StartsWith("default rotation: music", Air(selector, Monday), StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Contains("has 2 error(s); the last good schedule keeps running", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains($"{path}:9:", StringComparison.Ordinal) && l.Contains("bad cron", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains($"{path}:9:", StringComparison.Ordinal) && l.Contains("unknown playlist 'nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_SeveralEventsInAQuietPeriod_ReloadsOnceAfterTheDebounce()
    {
        var (selector, watcher, path, logger, time) = Start();
        using var _ = watcher;
        File.WriteAllText(path, Yaml("ids"));

        watcher.Changed();
        time.Advance(TimeSpan.FromMilliseconds(300));
        watcher.Changed();
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("reloaded", StringComparison.Ordinal));
        time.Advance(ScheduleWatcher.Debounce);

        Assert.Single(logger.Lines, l => l.Contains("reloaded", StringComparison.Ordinal));
        Assert.StartsWith("default rotation: ids", Air(selector, Monday), StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_FileDeletedMidRun_IsReportedAndTheLastGoodScheduleRunsOn_ALaterSaveIsTaken()
    {
        var (selector, watcher, path, logger, time) = Start();
        using var _ = watcher;
        var before = selector.Current;

        File.Delete(path);
        watcher.Changed();
        time.Advance(ScheduleWatcher.Debounce);

        Assert.Same(before, selector.Current);
        Assert.Contains(logger.Lines, l => l.Contains("last good schedule keeps running", StringComparison.Ordinal));
        Assert.StartsWith("default rotation: music", Air(selector, Monday), StringComparison.Ordinal);

        File.WriteAllText(path, Yaml("ids"));
        watcher.Changed();
        time.Advance(ScheduleWatcher.Debounce);
        Assert.StartsWith("default rotation: ids", Air(selector, Monday.AddMinutes(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_FileThatCannotBeRead_ThroughTheTimerCallback_OneLogLine_TheWatcherLivesOn()
    {
        // The station runs as its own user: a schedule saved by another with mode 600 throws UnauthorizedAccessException,
        // which the timer callback used to let escape (ending the process). Root reads any file, so the test's reader
        // fails the way the file system would for that user.
        string path = System.IO.Path.Combine(DemoFiles.TempDir(), "schedule.yaml");
        File.WriteAllText(path, Yaml("music"));
        var logger = new ListLogger();
        var time = new FakeTimeProvider(Monday);
        var selector = new ReloadableScheduler(Scheduler.FromFile(path, logger));
        bool readable = false;
        using var watcher = new ScheduleWatcher(selector, path, time, logger, watch: false, (p, l) =>
            readable ? Scheduler.FromFile(p, l) : throw new UnauthorizedAccessException($"Access to the path '{p}' is denied."));
        var before = selector.Current;

        watcher.Changed();
        time.Advance(ScheduleWatcher.Debounce);
        watcher.Changed();
        time.Advance(ScheduleWatcher.Debounce);

        Assert.Same(before, selector.Current);
        Assert.Equal(2, logger.Lines.Count(l => l.Contains("could not be read: Access to the path", StringComparison.Ordinal)));
        Assert.Equal(2, logger.Lines.Count); // one line per failed save, nothing else

        readable = true;
        File.WriteAllText(path, Yaml("ids"));
        watcher.Changed();
        time.Advance(ScheduleWatcher.Debounce);
        Assert.StartsWith("default rotation: ids", Air(selector, Monday), StringComparison.Ordinal);
    }
}

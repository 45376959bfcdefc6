namespace RadioServer.Playout.Storage;

/// <summary>
/// Watches one file an operator edits (the schedule, station.yaml) and calls back once it has been quiet for
/// <see cref="Debounce"/> after a change: editors write in several steps, and some save by renaming a temporary file.
/// The callback runs on a timer thread and must catch its own exceptions (an escaping one would end the process).
/// </summary>
public sealed class FileChangeWatcher : IDisposable
{
    private readonly ITimer _timer;
    private readonly FileSystemWatcher? _watcher;

    /// <param name="watch">False: only <see cref="Changed"/> starts the quiet period (tests drive it with a fake clock).</param>
    public FileChangeWatcher(string path, TimeProvider time, Action quiet, bool watch = true)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(quiet);
        string file = Path.GetFullPath(path);
        _timer = time.CreateTimer(static s => ((Action)s!)(), quiet, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (watch)
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Changed();
            _watcher.Created += (_, _) => Changed();
            _watcher.Renamed += (_, _) => Changed(); // editors that save by renaming a temp file
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>How long the file must be quiet before it is read.</summary>
    public static TimeSpan Debounce { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The file changed: (re)start the quiet period.</summary>
    public void Changed() => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer.Dispose();
    }
}

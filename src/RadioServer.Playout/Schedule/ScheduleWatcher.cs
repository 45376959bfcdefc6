using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Monitoring;
using RadioServer.Playout.Storage;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// Hot reload: watches the schedule file, and after it has been quiet for <see cref="Debounce"/> reads and validates
/// it in full (YAML, keys, zone, cron, playlists) and stages the new scheduler into <see cref="ReloadableScheduler"/>.
/// A bad edit is logged as <c>file:line:column: message</c> lines and changes nothing: the last good schedule runs on.
/// </summary>
public sealed class ScheduleWatcher : IDisposable
{
    private readonly ReloadableScheduler _target;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileChangeWatcher _file;
    private readonly Func<string, ILogger, Scheduler> _load;

    public ScheduleWatcher(ReloadableScheduler target, string path, TimeProvider time, ILogger? logger = null, bool watch = true)
        : this(target, path, time, logger, watch, static (p, l) => Scheduler.FromFile(p, l))
    {
    }

    /// <summary>As above, reading the file with <paramref name="load"/> (tests give one that fails as a disk can).</summary>
    public ScheduleWatcher(ReloadableScheduler target, string path, TimeProvider time, ILogger? logger, bool watch, Func<string, ILogger, Scheduler> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _load = load;
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        _target = target;
        _path = Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        _file = new FileChangeWatcher(_path, time, () => Reload(), watch);
    }

    /// <summary>How long the file must be quiet before it is read (editors write in several steps).</summary>
    public static TimeSpan Debounce => FileChangeWatcher.Debounce;

    /// <summary>The file changed: (re)start the quiet period.</summary>
    public void Changed() => _file.Changed();

    /// <summary>Reads and validates the file now; stages it when valid. Returns whether it was accepted.</summary>
    public bool Reload()
    {
        try
        {
            var next = _load(_path, _logger);
            _target.Stage(next);
            ScheduleLog.Reloaded(_logger, _path);
            return true;
        }
        catch (ScheduleFileException e)
        {
            ScheduleLog.ReloadRejected(_logger, _path, e.Errors.Count);
            foreach (var error in e.Errors)
            {
                ScheduleLog.ReloadError(_logger, error);
            }

            return false;
        }
        catch (Exception e) when (FailureStreak.IsSurvivable(e, CancellationToken.None))
        {
            // Unreadable (permissions, a directory in its place, a disk error) or anything else: one line, and the
            // watcher lives on for the next save (this runs in a timer callback: an escaping exception ends the process).
            ScheduleLog.ReloadFailed(_logger, _path, e.Message);
            return false;
        }
    }

    public void Dispose() => _file.Dispose();
}

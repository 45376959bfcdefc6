using Cronos;
using RadioServer.Configuration;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Recordings;

/// <summary>The scheduled recordings: each starts at its cron times (station zone) and records its minutes of air.</summary>
public sealed partial class RecordingService
{
    /// <summary>The longest single wait (<c>Task.Delay</c> takes at most about 49 days); the time is looked at again after it.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private DateTimeOffset? _nextScheduled;

    /// <summary>
    /// When the next scheduled recording starts, once the recorder waits for it (its timer exists: a clock moved on
    /// after this is set cannot slip past it); null before that and when no time is left.
    /// </summary>
    public DateTimeOffset? NextScheduledStart
    {
        get
        {
            lock (_lock)
            {
                return _nextScheduled;
            }
        }
    }

    /// <summary>Starts each entry at its times after <paramref name="from"/> (the recorder's start).</summary>
    private async Task ScheduleLoopAsync(DateTimeOffset from, CancellationToken stopping)
    {
        var entries = _options.Scheduled.Select(s => (Options: s, Cron: CronExpression.Parse(s.Cron, CronFormat.Standard))).ToArray();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var due = entries
                    .Select(e => (e.Options, At: e.Cron.GetNextOccurrence(from, _zone, inclusive: false)))
                    .Where(e => e.At is not null)
                    .ToList();
                if (due.Count == 0)
                {
                    return;
                }

                var at = due.Min(e => e.At!.Value);
                for (var left = at - _time.GetUtcNow(); left > TimeSpan.Zero; left = at - _time.GetUtcNow())
                {
                    var wait = Task.Delay(left < LongestWait ? left : LongestWait, _time, stopping);
                    lock (_lock)
                    {
                        _nextScheduled = at;
                    }

                    await wait.ConfigureAwait(false);
                }

                lock (_lock)
                {
                    _nextScheduled = null;
                }

                foreach (var (entry, _) in due.Where(e => e.At == at))
                {
                    try
                    {
                        StartScheduled(entry, at);
                    }
                    catch (Exception e) when (FailureStreak.IsSurvivable(e, stopping))
                    {
                        ScheduledFailed(_logger, entry.Name, e); // this one is missed; the others, and its next times, still record
                    }
                }

                from = at;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void StartScheduled(ScheduledRecordingOptions entry, DateTimeOffset due)
    {
        ScheduledStarts(_logger, entry.Name, entry.Minutes, TimeZoneInfo.ConvertTime(due, _zone));
        lock (_lock)
        {
            Begin(RecordingKind.Scheduled, entry.Name.Trim(), entry.Presenter.Length > 0 ? entry.Presenter : _stationName, null, _time.GetUtcNow(),
                TimeSpan.Zero, TimeSpan.FromMinutes(entry.Minutes));
        }
    }

    [LoggerMessage(HostLogIds.Recordings + 10, LogLevel.Information, "Scheduled recording '{Name}' starts ({Minutes} min, due {Due:yyyy-MM-dd HH:mm zzz})")]
    private static partial void ScheduledStarts(ILogger logger, string name, double minutes, DateTimeOffset due);

    [LoggerMessage(HostLogIds.Recordings + 11, LogLevel.Error, "Scheduled recording '{Name}' could not start; it is skipped this time")]
    private static partial void ScheduledFailed(ILogger logger, string name, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Schedule;

/// <summary>Log messages of the scheduler (event ids 400–449).</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(PlayoutLogIds.Schedule + 0, LogLevel.Information, "Playlist {Playlist}: no-repeat window relaxed ({What}) because the library is too small")]
    public static partial void WindowRelaxed(ILogger logger, string playlist, string what);

    [LoggerMessage(PlayoutLogIds.Schedule + 1, LogLevel.Warning, "Insert {Insert} due {Due} has nothing to play (playlist {Playlist} is empty); skipped")]
    public static partial void InsertEmpty(ILogger logger, string insert, string due, string playlist);

    [LoggerMessage(PlayoutLogIds.Schedule + 2, LogLevel.Warning, "Rotation has nothing to play; using the fallback playlist {Fallback}")]
    public static partial void UsingFallback(ILogger logger, string fallback);

    [LoggerMessage(PlayoutLogIds.Schedule + 3, LogLevel.Warning, "Playlist entry left out: {Entry}")]
    public static partial void EntryMissing(ILogger logger, string entry);

    [LoggerMessage(PlayoutLogIds.Schedule + 4, LogLevel.Warning, "Playlist {Playlist}: items entry '{Item}' matches no track of the playlist; its settings are unused")]
    public static partial void ItemSettingsUnmatched(ILogger logger, string playlist, string item);

    [LoggerMessage(PlayoutLogIds.Schedule + 10, LogLevel.Information, "Schedule {Path} reloaded; it takes over at the next pick")]
    public static partial void Reloaded(ILogger logger, string path);

    [LoggerMessage(PlayoutLogIds.Schedule + 11, LogLevel.Error, "Schedule {Path} changed but has {Count} error(s); the last good schedule keeps running")]
    public static partial void ReloadRejected(ILogger logger, string path, int count);

    [LoggerMessage(PlayoutLogIds.Schedule + 12, LogLevel.Error, "{Error}")]
    public static partial void ReloadError(ILogger logger, string error);

    [LoggerMessage(PlayoutLogIds.Schedule + 13, LogLevel.Error, "Schedule {Path} changed but could not be read: {Error}; the last good schedule keeps running")]
    public static partial void ReloadFailed(ILogger logger, string path, string error);
}

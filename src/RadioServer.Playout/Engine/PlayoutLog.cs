using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Engine;

/// <summary>Log messages of the playout engine (event ids 100–199).</summary>
internal static partial class PlayoutLog
{
    [LoggerMessage(PlayoutLogIds.Engine + 0, LogLevel.Information, "On air: {Title} ({Path}), {Duration}; picked because: {Reason}")]
    public static partial void TrackStarted(ILogger logger, string title, string path, string duration, string reason);

    [LoggerMessage(PlayoutLogIds.Engine + 1, LogLevel.Warning, "Skipped {Path}: {Error} (picked because: {Reason})")]
    public static partial void ItemSkipped(ILogger logger, string path, string error, string reason);

    [LoggerMessage(PlayoutLogIds.Engine + 2, LogLevel.Warning, "Damaged file {Path}: {Damage}; {Loss}")]
    public static partial void DamagedFile(ILogger logger, string path, string damage, string loss);

    [LoggerMessage(PlayoutLogIds.Engine + 3, LogLevel.Error, "Nothing playable: {Attempts} items in a row failed or none is due; playing silence")]
    public static partial void NothingPlayable(ILogger logger, int attempts);

    [LoggerMessage(PlayoutLogIds.Engine + 5, LogLevel.Error, "Selector failed; playing silence for this block")]
    public static partial void SelectorFailed(ILogger logger, Exception exception);

    [LoggerMessage(PlayoutLogIds.Engine + 6, LogLevel.Warning, "Cannot read playlist {Path}: {Error}; keeping the last good list")]
    public static partial void PlaylistReadFailed(ILogger logger, string path, string error);

    [LoggerMessage(PlayoutLogIds.Engine + 7, LogLevel.Warning, "{Path} decoded to nothing although its frames looked valid; skipped")]
    public static partial void DecodedNothing(ILogger logger, string path);
}

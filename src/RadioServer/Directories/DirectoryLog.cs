namespace RadioServer.Directories;

/// <summary>The directory listing's log lines (ids 3900–3999). SIDs are never logged: a SID lets anyone touch or remove the listing.</summary>
internal static partial class DirectoryLog
{
    [LoggerMessage(HostLogIds.Directories + 0, LogLevel.Information, "Listed {Mount} in directory {Directory} (touched every {Seconds} s)")]
    public static partial void Listed(ILogger logger, string mount, string directory, double seconds);

    [LoggerMessage(HostLogIds.Directories + 1, LogLevel.Warning, "Directory {Directory}: {Action} of {Mount} failed: {Reason}; next try in {Seconds} s")]
    public static partial void Failed(ILogger logger, string directory, string action, string mount, string reason, double seconds);

    [LoggerMessage(HostLogIds.Directories + 2, LogLevel.Warning, "Directory {Directory} refused the touch of {Mount} ({Reason}); adding it again")]
    public static partial void TouchRefused(ILogger logger, string directory, string mount, string reason);

    [LoggerMessage(HostLogIds.Directories + 3, LogLevel.Information, "Directory {Directory} lists {Mount} again, after {Failures} failed tries")]
    public static partial void Recovered(ILogger logger, string directory, string mount, int failures);

    [LoggerMessage(HostLogIds.Directories + 4, LogLevel.Information, "Removed {Mount} from directory {Directory}")]
    public static partial void Removed(ILogger logger, string mount, string directory);

    [LoggerMessage(HostLogIds.Directories + 5, LogLevel.Warning, "Could not remove {Mount} from directory {Directory}: {Reason} (it drops the listing when the touches stop)")]
    public static partial void RemoveFailed(ILogger logger, string mount, string directory, string reason);

    [LoggerMessage(HostLogIds.Directories + 6, LogLevel.Warning, "{Count} YP directories are configured but no mount is public (public: true on the station or a mount): nothing is listed")]
    public static partial void NothingPublic(ILogger logger, int count);

    [LoggerMessage(HostLogIds.Directories + 7, LogLevel.Debug, "Touched {Mount} in directory {Directory}: '{Title}', {Listeners} listeners")]
    public static partial void Touched(ILogger logger, string mount, string directory, string title, int listeners);

    [LoggerMessage(HostLogIds.Directories + 8, LogLevel.Warning, "Directories are told listeners can reach the station at {ListenUrl}, a loopback address: set station.directories.public_url (or station.hostname)")]
    public static partial void LoopbackListenUrl(ILogger logger, string listenUrl);
}

namespace RadioServer.Webhooks;

/// <summary>The webhooks' log lines (ids 4000–4099). URLs are written without their query, and no secret is ever written.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(HostLogIds.Webhooks + 0, LogLevel.Information, "Webhooks: {Count} hook(s) {Names}")]
    public static partial void Running(ILogger logger, int count, string names);

    [LoggerMessage(HostLogIds.Webhooks + 1, LogLevel.Warning,
        "Webhook {Hook} ({Url}) failed: {Reason}; retrying with back-off (failures are counted, not logged, until it works again)")]
    public static partial void StreakStarted(ILogger logger, string hook, string url, string reason);

    [LoggerMessage(HostLogIds.Webhooks + 2, LogLevel.Information,
        "Webhook {Hook} delivers again after {Failures} failed attempt(s); {GaveUp} delivery(ies) given up and {Dropped} dropped from a full queue meanwhile")]
    public static partial void StreakEnded(ILogger logger, string hook, int failures, long gaveUp, long dropped);

    [LoggerMessage(HostLogIds.Webhooks + 3, LogLevel.Information, "Webhooks reloaded from {Path}: {Count} hook(s) {Names}; {Removed} queued delivery(ies) of removed or changed hooks dropped")]
    public static partial void Reloaded(ILogger logger, string path, int count, string names, long removed);

    [LoggerMessage(HostLogIds.Webhooks + 4, LogLevel.Error, "Webhooks in {Path} not reloaded, the previous hooks keep running: {Errors}")]
    public static partial void ReloadRejected(ILogger logger, string path, string errors);

    [LoggerMessage(HostLogIds.Webhooks + 5, LogLevel.Warning, "Webhooks in {Path} not reloaded ({Reason}); the previous hooks keep running")]
    public static partial void ReloadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(HostLogIds.Webhooks + 6, LogLevel.Information, "Listeners reached {Milestone}")]
    public static partial void Milestone(ILogger logger, int milestone);

    [LoggerMessage(HostLogIds.Webhooks + 7, LogLevel.Warning, "Webhook {Hook}: {Count} delivery(ies) not sent before the station stopped")]
    public static partial void Unsent(ILogger logger, string hook, long count);

    [LoggerMessage(HostLogIds.Webhooks + 8, LogLevel.Error, "Webhooks: a delivery loop failed")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}

namespace RadioServer;

/// <summary>
/// Event-id ranges of the host's log messages, one hundred per area (the whole table, all projects, is in
/// docs/logging.md). Ids are stable: dashboards and alerts may filter on them.
/// </summary>
internal static class HostLogIds
{
    public const int Hosting = 3000;
    public const int Connections = 3100;
    public const int Listeners = 3200;
    public const int Admin = 3300;
    public const int Source = 3400;
    public const int Push = 3500;
    public const int Stats = 3600;
    public const int Tls = 3700;
    public const int Events = 3800;
    public const int Directories = 3900;
    public const int Webhooks = 4000;
    public const int Recordings = 4100;
    public const int Podcasts = 4200;
    public const int Hls = 4300;
}

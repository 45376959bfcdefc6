namespace RadioServer.Playout;

/// <summary>
/// Event-id ranges of the playout's log messages, one hundred per area (the whole table, all projects, is in
/// docs/logging.md). Ids are stable: dashboards and alerts may filter on them.
/// </summary>
internal static class PlayoutLogIds
{
    public const int Station = 1000;
    public const int Engine = 1100;
    public const int Schedule = 1200;
    public const int Analysis = 1300;
    public const int Sound = 1400;
    public const int Monitoring = 1500;
    public const int Live = 1600;
    public const int Relay = 1700;
    public const int Storage = 1800;
}

using Cronos;

namespace RadioServer.Playout.Schedule;

/// <summary>An insert at cron times in the station zone (news on the hour, an ad break at half past).</summary>
/// <param name="Name">Shown in the log and the running order.</param>
/// <param name="CronText">The cron expression as written (five fields).</param>
/// <param name="Cron">The parsed expression.</param>
/// <param name="Playlist">Where the insert's audio comes from (one track per occurrence).</param>
/// <param name="Start">Soft or hard start.</param>
/// <param name="MaxLate">For soft inserts: how late it may start before the current item is faded out.</param>
public sealed record InsertRule(string Name, string CronText, CronExpression Cron, string Playlist, InsertStart Start, TimeSpan MaxLate)
{
    /// <summary>When the current item must give way for the occurrence at <paramref name="due"/>.</summary>
    public DateTimeOffset CutTime(DateTimeOffset due) => Start == InsertStart.Hard ? due : due + MaxLate;
}

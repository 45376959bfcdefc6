namespace RadioServer.Playout.Schedule;

/// <summary>One station day of a running order, counted (see <see cref="ScheduleSummary"/>).</summary>
/// <param name="Date">The day, in station wall-clock time.</param>
/// <param name="Hours">Its real length in hours: 24, or 23/25 on the days the clocks change.</param>
/// <param name="Inserts">Inserts that started that day, per insert name (every insert of the schedule, zero included).</param>
/// <param name="StationIds">Station IDs that started that day.</param>
/// <param name="LateStarts">Inserts that started later than their rule allows (see <see cref="ScheduleSummary.Tolerance"/>).</param>
/// <param name="WorstLateness">The latest an insert started after its slot that day (zero when all were on time).</param>
public sealed record DaySummary(DateOnly Date, double Hours, IReadOnlyDictionary<string, int> Inserts, int StationIds, int LateStarts, TimeSpan WorstLateness);

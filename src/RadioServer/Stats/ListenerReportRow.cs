namespace RadioServer.Stats;

/// <summary>
/// One hour or day of the listener report, in the station's zone: listener-hours, the most listeners at once,
/// the average number listening, and the sessions that overlapped it.
/// </summary>
public sealed record ListenerReportRow(DateTimeOffset Start, DateTimeOffset End, double ListenerHours, int Peak, double Average, int Sessions);

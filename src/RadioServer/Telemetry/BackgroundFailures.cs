using System.Diagnostics.Metrics;

namespace RadioServer.Telemetry;

/// <summary>
/// <c>radioserver_background_failures_total{loop}</c>: failures that a background loop caught and carried on from
/// (a statistics write, a push connection, a report file or the analysis cache on a failing disk). The log says the first of a streak; this counts every one, so an alert
/// can see a fault that persists.
/// </summary>
public sealed class BackgroundFailures
{
    private readonly Counter<long> _failures;

    public BackgroundFailures(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _failures = meters.Create(MeterNames.Health).CreateCounter<long>("radioserver_background_failures",
            description: "Failures a background loop caught and carried on from, per loop (stats, push, history_csv, access_log, analysis_cache, directory, webhooks, recordings, station_events).");
    }

    public void Count(string loop) => _failures.Add(1, new KeyValuePair<string, object?>("loop", loop));
}

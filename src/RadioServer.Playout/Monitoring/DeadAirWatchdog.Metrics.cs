using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Monitoring;

public sealed partial class DeadAirWatchdog
{
    /// <summary>A watchdog that also publishes its silence counters on <paramref name="meter"/> (observable: read when scraped).</summary>
    public DeadAirWatchdog(int sampleRate, TimeSpan limit, ILogger logger, Meter? meter)
        : this(sampleRate, limit, logger)
    {
        if (meter is null)
        {
            return; // no meter: no instruments (tests, benchmarks)
        }

        meter.CreateObservableCounter("radioserver_dead_air_seconds", () => DeadAirSeconds, unit: "s",
            description: "Seconds of bus audio whose peak stayed below -80 dBFS.");
        meter.CreateObservableGauge("radioserver_silence_current_seconds", () => CurrentSilenceSeconds, unit: "s",
            description: "Length of the silence on air now (0 while there is sound): alert when it grows.");
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;

namespace RadioServer.Playout.Engine;

public sealed partial class PlayoutEngine
{
    /// <summary>
    /// An engine that also publishes its item counters on <paramref name="meter"/> (the station's
    /// <c>RadioServer.Playout</c> meter). The instruments are observable: they read the counters' fields when
    /// scraped, so nothing is added to the audio path.
    /// </summary>
    public PlayoutEngine(IItemSelector selector, IItemOpener opener, PcmBus bus, ILogger logger, TimeSpan blockDuration, AirClock? airClock, Meter? meter)
        : this(selector, opener, bus, logger, blockDuration, airClock)
    {
        if (meter is null)
        {
            return; // no meter: no instruments (tests, benchmarks)
        }

        meter.CreateObservableCounter("radioserver_items_aired", () => ItemsAired,
            description: "Items that went on air.");
        meter.CreateObservableCounter("radioserver_items_failed", () => ItemsFailed,
            description: "Items skipped because they could not be opened or decoded to nothing (broken or missing files).");
        meter.CreateObservableCounter("radioserver_items_decode_errors", () => ItemsWithDecodeErrors,
            description: "Items that aired damaged (bytes skipped, corrupt frames aired as silence, truncated, a stale Xing count or a format change); each is logged once.");
        meter.CreateObservableGauge("radioserver_playout_readahead_bytes", () => ReadAheadBytes, unit: "By",
            description: "Memory held by the items' read-ahead rings (as long as the longest transition's reach, at least 2 s each).");
    }
}

using System.Diagnostics.Metrics;
using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Bus;

public sealed partial class PcmBus
{
    /// <summary>A bus that also publishes the seconds of PCM it has produced on <paramref name="meter"/> (observable: read when scraped).</summary>
    public PcmBus(StationFormat format, Meter? meter)
        : this(format)
    {
        if (meter is null)
        {
            return; // no meter: no instruments (tests, benchmarks)
        }

        meter.CreateObservableCounter("radioserver_bus_seconds", () => SecondsPublished, unit: "s",
            description: "Seconds of PCM the playout bus has produced.");
    }

    /// <summary><see cref="FramesPublished"/> in seconds of audio.</summary>
    public double SecondsPublished => (double)FramesPublished / Format.SampleRate;
}

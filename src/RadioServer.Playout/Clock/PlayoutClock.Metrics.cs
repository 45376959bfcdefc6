using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Clock;

public sealed partial class PlayoutClock
{
    /// <summary>A clock that also publishes its late-block and stall counters on <paramref name="meter"/> (observable: read when scraped).</summary>
    public PlayoutClock(TimeProvider time, int sampleRate, int blockFrames, ILogger logger, Meter? meter)
        : this(time, sampleRate, blockFrames, logger)
    {
        if (meter is null)
        {
            return; // no meter: no instruments (tests, benchmarks)
        }

        meter.CreateObservableCounter("radioserver_playout_late_blocks", () => LateBlocks,
            description: "PCM blocks released more than one block late (the playout thread did not get the CPU in time).");
        meter.CreateObservableCounter("radioserver_playout_stalls", () => Stalls,
            description: "Times playout fell too far behind the clock (5 s) and re-based rather than burst catch-up audio (the machine stalled).");
    }
}

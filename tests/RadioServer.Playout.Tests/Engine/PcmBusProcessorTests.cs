using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Sound;

namespace RadioServer.Playout.Tests.Engine;

public class PcmBusProcessorTests
{
    [Fact]
    public void Publish_WithLimiter_TrackStartsMoveByItsLatencyAcrossBlocks()
    {
        var format = StationFormat.Default;
        var limiter = new TruePeakLimiter(format.SampleRate, format.Channels, -1);
        var bus = new PcmBus(format) { Processor = limiter };
        var sink = new RecordingSink();
        bus.Attach(sink);
        // 5 ms blocks (220 frames) are shorter than the limiter's latency (≈ 228 frames): starts cross block edges.
        var items = new SyntheticItems(format.SampleRate, format.Channels, 0.3, 0.2, 0.25);
        using var engine = new PlayoutEngine(items, items, bus, new ListLogger(), TimeSpan.FromMilliseconds(5));
        for (int i = 0; i < 200; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.True(limiter.LatencyFrames > engine.BlockFrames);
        long expected = limiter.LatencyFrames;
        for (int i = 0; i < sink.Starts.Count; i++)
        {
            Assert.Equal(expected, sink.Starts[i].BusFrame);
            expected += items.LengthsInFrames[i];
        }

        Assert.True(sink.Starts.Count >= 3);
        Assert.Equal(0, sink.Discontinuities);
    }
}

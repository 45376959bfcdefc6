using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;

namespace RadioServer.Playout.Tests.Engine;

public class PlayoutEngineSkipTests
{
    [Fact]
    public void Skip_DuringAnItem_FadesItOutAndStartsTheNextWithoutAGap()
    {
        var format = new StationFormat(8000, 1);
        var items = new SyntheticItems(8000, 1, 10.0);
        var bus = new PcmBus(format);
        var sink = new RecordingSink();
        bus.Attach(sink);
        using var engine = new PlayoutEngine(items, items, bus, new ListLogger(), TimeSpan.FromMilliseconds(100));

        for (int i = 0; i < 10; i++)
        {
            engine.RenderNextBlock();
        }

        engine.Skip();
        for (int i = 0; i < 10; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.Equal(2, sink.Starts.Count);
        Assert.Equal(8000 + (8000 / 2), sink.Starts[1].BusFrame); // 1 s played, then a 0.5 s fade
        Assert.Equal(0, sink.ZeroSamples);
        Assert.Equal(0, sink.Discontinuities);
    }
}

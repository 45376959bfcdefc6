using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Live;
using RadioServer.Playout.Tests.Engine;

namespace RadioServer.Playout.Tests.Live;

public class LiveTakeoverTests
{
    private static (PlayoutEngine Engine, RecordingSink Sink, LiveInput Input, LiveTakeover Live, ListLogger Log) Build(double silenceSeconds = 3)
    {
        var format = StationFormat.Default;
        var items = new SyntheticItems(format.SampleRate, format.Channels, 20);
        var bus = new PcmBus(format);
        var input = new LiveInput(format.SampleRate * 2 * 10);
        var log = new ListLogger();
        var live = new LiveTakeover(input, new LiveSettings(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(silenceSeconds)), format.SampleRate, 2, log);
        bus.AddStage(live);
        var sink = new RecordingSink();
        bus.Attach(sink);
        return (new PlayoutEngine(items, items, bus, log, TimeSpan.FromMilliseconds(50)), sink, input, live, log);
    }

    private static void Feed(LiveInput input, float value, double seconds) => input.Audio.Write(Enumerable.Repeat(value, (int)(seconds * 44100 * 2)).ToArray());

    [Fact]
    public void Process_PresenterConnectsAndLeaves_CrossfadesInAndHandsBackWithAutomationTitle()
    {
        var (engine, sink, input, live, _) = Build();
        using (engine)
        {
            engine.RenderNextBlock();
            Assert.True(input.TryAcquire("dj", "Morning Show"));
            Assert.False(input.TryAcquire("other", "Other Show")); // one presenter at a time
            Feed(input, 0.9f, 2);
            for (int i = 0; i < 30; i++)
            {
                engine.RenderNextBlock(); // 1.5 s: fade (0.5 s) then live
            }

            Assert.True(live.IsLive);
            Assert.Contains(sink.Starts, s => s.Item.Track.Title == "Morning Show");
            input.Release("dj");
            for (int i = 0; i < 40; i++)
            {
                engine.RenderNextBlock(); // the rest of the buffered audio, then the fade back
            }

            Assert.False(live.IsLive);
            Assert.Equal("Item 0", sink.Starts[^1].Item.Track.Title); // automation's title is announced again
            Assert.Equal(0, sink.Discontinuities);
        }
    }

    [Fact]
    public void Process_PresenterSendsSilence_HandsBackAfterTheConfiguredTimeInBusTime()
    {
        var (engine, _, input, live, log) = Build(silenceSeconds: 3);
        using (engine)
        {
            Assert.True(input.TryAcquire("dj", "Quiet Show"));
            Feed(input, 0f, 8);
            int blocks = 0;
            while (!input.Rejected && blocks < 200)
            {
                engine.RenderNextBlock();
                blocks++;
            }

            // 0.2 s prebuffer wait is not needed (already buffered); 0.5 s fade in, then 3 s of silence.
            Assert.InRange(blocks * 0.05, 3.4, 3.7);
            Assert.Contains(log.Lines, l => l.Contains("silence for 3 s", StringComparison.Ordinal));
            for (int i = 0; i < 20; i++)
            {
                engine.RenderNextBlock();
            }

            Assert.False(live.IsLive);
            Assert.Null(input.Owner);
        }
    }
}

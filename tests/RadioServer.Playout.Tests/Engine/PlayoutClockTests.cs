using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;

namespace RadioServer.Playout.Tests.Engine;

public class PlayoutClockTests
{
    [Fact]
    public async Task RunAsync_SimulatedHour_ProducesExactSampleCountWithNoGaps()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        var format = StationFormat.Default;
        var items = new SyntheticItems(format.SampleRate, format.Channels, 7.3, 3.05, 11.111);
        var bus = new PcmBus(format);
        var sink = new RecordingSink();
        bus.Attach(sink);
        using var engine = new PlayoutEngine(items, items, bus, NullLogger.Instance, TimeSpan.FromMilliseconds(50));
        var clock = new PlayoutClock(time, format.SampleRate, engine.BlockFrames, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = clock.RunAsync(engine.RenderNextBlock, cts.Token);

        for (int second = 1; second <= 3600; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            long expectedBlocks = (second * 1000L / 50) + 1; // block 0 is due at t = 0
            await WaitUntil(() => clock.BlocksReleased == expectedBlocks);
        }

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal((3600L * 44100) + engine.BlockFrames, sink.Frames); // exactly one hour, plus block 0
        Assert.Equal(0, sink.Discontinuities);
        Assert.Equal(0, sink.ZeroSamples); // no silence anywhere, so none between items
        long expectedStart = 0;
        for (int i = 0; i < sink.Starts.Count; i++)
        {
            Assert.Equal(expectedStart, sink.Starts[i].BusFrame);
            expectedStart += items.LengthsInFrames[i];
        }

        Assert.True(sink.Starts.Count > 300);
    }

    [Fact]
    public void DueTimestamp_AfterAYear_HasNoRoundingDrift()
    {
        var time = new FakeTimeProvider();
        var clock = new PlayoutClock(time, 44100, 2205, NullLogger.Instance);
        long blocksPerYear = 365L * 24 * 3600 * 20; // 50 ms blocks
        long due = clock.DueTimestamp(0, blocksPerYear);
        Assert.Equal(TimeSpan.TicksPerSecond, time.TimestampFrequency);
        Assert.Equal(TimeSpan.FromDays(365).Ticks, due);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("playout loop did not catch up with the fake clock");
            }

            await Task.Yield();
        }
    }
}

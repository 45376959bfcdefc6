using System.Runtime.CompilerServices;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Sound;

namespace RadioServer.Playout.Tests.Engine;

public class PcmBusAllocationTests
{
    private const int WarmUp = 200;
    private const int Iterations = 1_000;
    private const int Rounds = 5;

    [Fact]
    public void Publish_BlockWithSinksAttached_AllocatesNothing()
    {
        // Bound 0 bytes per block: the bus runs on the audio thread 20+ times a second for every mount; sinks
        // live in a copy-on-write array, so publishing is a loop over it with nothing to allocate.
        var bus = new PcmBus(StationFormat.Default);
        var sinks = new[] { new SummingSink(), new SummingSink(), new SummingSink() };
        foreach (var sink in sinks)
        {
            bus.Attach(sink);
        }

        long bytes = MeasurePublish(bus, new PcmBlock(2205, 2));

        Assert.Equal(0, bytes);
        Assert.All(sinks, s => Assert.Equal(WarmUp + (Rounds * Iterations), s.Blocks));
    }

    [Fact]
    public void Publish_WithLimiterAndSinks_AllocatesNothing()
    {
        // Bound 0 bytes per block: the processed copy is owned by the bus and reused, and the limiter works in place.
        var format = StationFormat.Default;
        var bus = new PcmBus(format) { Processor = new TruePeakLimiter(format.SampleRate, format.Channels, -1) };
        var sink = new SummingSink();
        bus.Attach(sink);

        long bytes = MeasurePublish(bus, new PcmBlock(2205, 2));

        Assert.Equal(0, bytes);
        Assert.Equal(WarmUp + (Rounds * Iterations), sink.Blocks);
        Assert.NotEqual(0, sink.Sum); // the sink really saw audio
    }

    /// <summary>
    /// The least any of <see cref="Rounds"/> rounds of <see cref="Iterations"/> publishes allocated on this thread,
    /// after <see cref="WarmUp"/> publishes (JIT, buffers sized). Best of several rounds: a one-off event on the
    /// thread (the tiered JIT replacing code mid-measurement) can spoil one round; a per-block allocation shows in all.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long MeasurePublish(PcmBus bus, PcmBlock block)
    {
        long frame = 0;
        for (int i = 0; i < WarmUp; i++)
        {
            PublishNext(bus, block, ref frame);
        }

        long best = long.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Iterations; i++)
            {
                PublishNext(bus, block, ref frame);
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }

    private static void PublishNext(PcmBus bus, PcmBlock block, ref long frame)
    {
        block.Reset(frame);
        block.Buffer.AsSpan().Fill(0.25f * ((frame / block.Frames % 7) - 3) / 3f);
        bus.Publish(block);
        frame += block.Frames;
    }

    /// <summary>A sink that reads every sample and keeps nothing.</summary>
    private sealed class SummingSink : IPcmSink
    {
        public int Blocks { get; private set; }

        public double Sum { get; private set; }

        public void Write(PcmBlock block)
        {
            double sum = 0;
            foreach (float s in block.Samples)
            {
                sum += Math.Abs(s);
            }

            Sum += sum;
            Blocks++;
        }
    }
}

using System.Runtime.CompilerServices;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Engine;

namespace RadioServer.Playout.Tests.Engine;

public class PcmBusAllocationTests
{
    private const int WarmUp = 200;
    private const int Iterations = 5_000;

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
        Assert.All(sinks, s => Assert.Equal(WarmUp + Iterations, s.Blocks));
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
        Assert.Equal(WarmUp + Iterations, sink.Blocks);
        Assert.NotEqual(0, sink.Sum); // the sink really saw audio
    }

    /// <summary>Bytes allocated on this thread by <see cref="Iterations"/> publishes after <see cref="WarmUp"/> (JIT, buffers sized).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long MeasurePublish(PcmBus bus, PcmBlock block)
    {
        long before = 0;
        for (int i = 0; i < WarmUp + Iterations; i++)
        {
            if (i == WarmUp)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            block.Reset((long)i * block.Frames);
            block.Buffer.AsSpan().Fill(0.25f * ((i % 7) - 3) / 3f);
            bus.Publish(block);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
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

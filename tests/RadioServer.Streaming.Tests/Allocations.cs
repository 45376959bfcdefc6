using System.Runtime.CompilerServices;

namespace RadioServer.Streaming.Tests;

/// <summary>
/// Measures managed bytes allocated by a step, on the calling thread only (other tests running in parallel do
/// not count). Warm-up first: first calls JIT, run static constructors and grow reusable buffers to size.
/// Steady state is judged on the best of several rounds: a one-off event on this thread (seen once in a dozen
/// full runs: ~5.6 KB in one round, likely the runtime's tiered JIT replacing code mid-measurement) can spoil
/// a round, while a real per-call allocation shows in every round.
/// </summary>
internal static class Allocations
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Measure<TState>(TState state, Action<TState> step, int warmUp, int iterations)
    {
        for (int i = 0; i < warmUp; i++)
        {
            step(state);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            step(state);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The least any of <paramref name="rounds"/> rounds of <paramref name="iterations"/> steps allocated, after warm-up.</summary>
    public static long MeasureSteady<TState>(TState state, Action<TState> step, int warmUp, int iterations, int rounds = 5)
    {
        long best = Measure(state, step, warmUp, iterations);
        for (int r = 1; r < rounds; r++)
        {
            best = Math.Min(best, Measure(state, step, 0, iterations));
        }

        return best;
    }

    /// <summary>
    /// The least, over <paramref name="rounds"/> rounds, of what an encoder fed by <paramref name="feed"/> allocated
    /// beyond <see cref="PublishedCost"/> of the chunks it published in that round (0 or less: nothing else).
    /// </summary>
    public static long SteadyExcessOverPublished(BlockFeed feed, RadioServer.Streaming.Broadcast.BroadcastBuffer buffer, int warmUp, int iterations, int rounds = 5)
    {
        Measure(feed, static f => f.Write(), warmUp, 0);
        long best = long.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            long from = buffer.Head;
            long publishedBefore = buffer.TotalBytes;
            long bytes = Measure(feed, static f => f.Write(), 0, iterations);
            Assert.True(buffer.Head - from >= iterations / 4, "the encoder should publish a chunk every other block or so");
            Assert.True(bytes >= buffer.TotalBytes - publishedBefore, "the published arrays themselves must be counted");
            best = Math.Min(best, bytes - PublishedCost(buffer, from));
        }

        return best;
    }

    /// <summary>A <c>BroadcastChunk</c> on x64: 16 bytes of object header, then a long, a ReadOnlyMemory, a TimeSpan and two references.</summary>
    public const int ChunkObject = 64;

    /// <summary>
    /// What publishing chunks <paramref name="from"/> to the buffer's head costs: each chunk's own array (24-byte
    /// header, padded to 8 bytes) and its <c>BroadcastChunk</c>. The buffer shares chunks with every listener
    /// lock-free, so they must be immutable, separate objects: this is the least an encoder can allocate.
    /// </summary>
    public static long PublishedCost(RadioServer.Streaming.Broadcast.BroadcastBuffer buffer, long from)
    {
        long cost = 0;
        for (long seq = from; seq < buffer.Head; seq++)
        {
            Assert.Equal(RadioServer.Streaming.Broadcast.ChunkRead.Ok, buffer.TryRead(seq, out var chunk));
            cost += ((24 + chunk!.Data.Length + 7) & ~7) + ChunkObject;
        }

        return cost;
    }
}

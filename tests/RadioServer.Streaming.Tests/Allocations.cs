using System.Runtime.CompilerServices;

namespace RadioServer.Streaming.Tests;

/// <summary>
/// Measures managed bytes allocated by a step, on the calling thread only (other tests running in parallel do
/// not count). Warm-up first: first calls JIT, run static constructors and grow reusable buffers to size.
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

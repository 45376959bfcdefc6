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

    /// <summary>
    /// What publishing chunks may cost: each chunk's own array (24-byte header, padded to 8 bytes) and its
    /// <c>BroadcastChunk</c> (64 bytes on x64), rounded up to 96 bytes per chunk of overhead. The buffer shares
    /// chunks with every listener lock-free, so they must be immutable, separate objects.
    /// </summary>
    public const int PerChunkOverhead = 96;
}

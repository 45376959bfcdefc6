using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Tests.Broadcast;

public class ListenerPumpAllocationTests
{
    private const int Listeners = 4;
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_SteadyState_AllocatesNothingPerListenerPerWrite(bool icy)
    {
        // Bound 0 bytes per listener per write: a listener's steady state is wake up, read a shared chunk, copy
        // it into the transport (with ICY blocks pre-encoded per title), flush, wait again. Anything allocated
        // there is multiplied by every listener and every write (convention 7). The buffer wakes listeners
        // inline here (a test-only switch), so each append runs every listener's whole loop, suspension
        // included, on this thread, where the allocation counter sees it. The appends with listeners must then
        // cost exactly what the same appends cost with none (the chunk object, once per chunk).
        long alone = BytesPerAppend(icy, listeners: 0, out _);
        long withListeners = BytesPerAppend(icy, Listeners, out var sinks);

        Assert.Equal(alone, withListeners);
        Assert.InRange(alone, 1, Allocations.ChunkObject); // the audio array is the test's: only the chunk object is new
        Assert.All(sinks, s => Assert.True(s.Written >= 5_000L * 4000, $"a listener got only {s.Written} bytes"));
        Assert.All(sinks, s => Assert.True(s.Flushes >= 5_000));
        foreach (var sink in sinks)
        {
            await sink.Cancel();
        }
    }

    private static long BytesPerAppend(bool icy, int listeners, out List<DiscardingSink> sinks)
    {
        var buffer = new BroadcastBuffer(1_000_000, Chunk, maxChunks: 64) { WakeListenersInline = true };
        StreamTitle[] titles = [new("One"), new("Two")];
        sinks = [];
        for (int i = 0; i < listeners; i++)
        {
            var sink = new DiscardingSink();
            // A cancellable token and a byte counter, as in production (registered/created once per listener).
            sink.Pump = ListenerPump.RunAsync(sink, buffer, new ListenerPumpOptions(0, TimeSpan.FromSeconds(30), TimeProvider.System), icy ? new IcyInterleaver(8192) : null, static _ => { }, sink.Stop.Token);
            Assert.False(sink.Pump.IsCompleted); // waiting for audio
            sinks.Add(sink);
        }

        var state = (buffer, titles, audio: new byte[4000], count: 0);
        var box = new StrongBox<(BroadcastBuffer Buffer, StreamTitle[] Titles, byte[] Audio, int Count)>(state);
        long bytes = Allocations.MeasureSteady(box, static b =>
        {
            ref var s = ref b.Value;
            s.Buffer.Append(s.Audio, s.Titles[(s.Count++ / 20) % 2], Chunk);
        }, warmUp: 200, iterations: 1_000);
        return bytes / 1_000;
    }

    /// <summary>A transport that counts and discards what it is given, from one reused array; its flushes complete at once.</summary>
    private sealed class DiscardingSink : PipeWriter
    {
        private readonly byte[] _scratch = new byte[64 * 1024];

        public CancellationTokenSource Stop { get; } = new();

        public Task<ListenerEnd> Pump { get; set; } = Task.FromResult(ListenerEnd.Closed);

        public int Flushes { get; private set; }

        public long Written { get; private set; }

        public async Task Cancel()
        {
            await Stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pump);
            Stop.Dispose();
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushes++;
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
        }

        public override void Advance(int bytes) => Written += bytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _scratch;

        public override Span<byte> GetSpan(int sizeHint = 0) => _scratch;

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}

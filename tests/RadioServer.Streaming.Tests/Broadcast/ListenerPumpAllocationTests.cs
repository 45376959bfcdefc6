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
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task RunAsync_SteadyState_AllocatesNothingPerListenerPerWrite(bool icy, bool pipe)
    {
        // Bound 0 bytes per listener per write: a listener's steady state is wake up, read a shared chunk, hand its
        // slices to the output (with ICY blocks pre-encoded per title), send, wait again; through a pipe (TLS, relays)
        // the slices are copied into it and the send is a flush. Anything allocated there is multiplied by every
        // listener and every write (convention 7). The buffer wakes listeners inline here (a test-only switch), so
        // each append runs every listener's whole loop, suspension included, on this thread, where the allocation
        // counter sees it. The appends with listeners must then cost exactly what the same appends cost with none
        // (the chunk object, once per chunk).
        long alone = BytesPerAppend(icy, pipe, listeners: 0, out _);
        long withListeners = BytesPerAppend(icy, pipe, Listeners, out var listening);

        Assert.Equal(alone, withListeners);
        Assert.InRange(alone, 1, Allocations.ChunkObject); // the audio array is the test's: only the chunk object is new
        Assert.All(listening, l => Assert.True(l.Written >= 5_000L * 4000, $"a listener got only {l.Written} bytes"));
        Assert.All(listening, l => Assert.True(l.Sends >= 5_000));
        foreach (var listener in listening)
        {
            await listener.Cancel();
        }
    }

    private static long BytesPerAppend(bool icy, bool pipe, int listeners, out List<Listener> listening)
    {
        var buffer = new BroadcastBuffer(1_000_000, Chunk, maxChunks: 64) { WakeListenersInline = true };
        StreamTitle[] titles = [new("One"), new("Two")];
        listening = [];
        for (int i = 0; i < listeners; i++)
        {
            var listener = new Listener(pipe);
            // A cancellable token and a byte counter, as in production (registered/created once per listener).
            listener.Pump = ListenerPump.RunAsync(listener.Output, buffer, new ListenerPumpOptions(0, TimeSpan.FromSeconds(30), TimeProvider.System), icy ? new IcyInterleaver(8192) : null, static _ => { }, listener.Stop.Token);
            Assert.False(listener.Pump.IsCompleted); // waiting for audio
            listening.Add(listener);
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

    /// <summary>One listener: its output (gathered, or a pipe into a discarding transport), its pump and its stop.</summary>
    private sealed class Listener
    {
        private readonly CountingOutput? _gathered;
        private readonly DiscardingSink? _sink;

        public Listener(bool pipe)
        {
            if (pipe)
            {
                _sink = new DiscardingSink();
                Output = new PipeListenerOutput(_sink);
            }
            else
            {
                _gathered = new CountingOutput();
                Output = _gathered;
            }
        }

        public ListenerOutput Output { get; }

        public CancellationTokenSource Stop { get; } = new();

        public Task<ListenerEnd> Pump { get; set; } = Task.FromResult(ListenerEnd.Closed);

        public long Written => _gathered?.Written ?? _sink!.Written;

        public int Sends => _gathered?.Sends ?? _sink!.Flushes;

        public async Task Cancel()
        {
            await Stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pump);
            Stop.Dispose();
        }
    }

    /// <summary>A transport that counts and discards what it is given, from one reused array; its flushes complete at once.</summary>
    private sealed class DiscardingSink : PipeWriter
    {
        private readonly byte[] _scratch = new byte[64 * 1024];

        public int Flushes { get; private set; }

        public long Written { get; private set; }

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

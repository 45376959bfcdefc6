using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Benchmarks;

/// <summary>
/// The per-listener hot path: ICY interleaving of shared chunks into each listener's output, gathered (the socket
/// path: slices handed to one sendmsg, the kernel's part not measured here) or copied into a pipe (TLS and relays).
/// Allocation per listener per write must be zero (MemoryDiagnoser).
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private BroadcastBuffer _buffer = null!;
    private Pipe[] _pipes = [];
    private PipeListenerOutput[] _pipeOutputs = [];
    private PieceCounter[] _gathered = [];
    private IcyInterleaver[] _icy = [];

    [Params(1, 100)]
    public int Listeners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new BroadcastBuffer(10_000_000, TimeSpan.FromMilliseconds(500));
        var title = new StreamTitle("Adébáyọ̀ Ọlá - Ọjọ́ Ayọ̀");
        var chunk = new byte[1672]; // 100 ms at 128 kbps (4 frames of 418 bytes)
        for (int i = 0; i < 5; i++)
        {
            _buffer.Append(chunk, title, TimeSpan.FromMilliseconds(100));
        }

        _pipes = Enumerable.Range(0, Listeners).Select(_ => new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false))).ToArray();
        _pipeOutputs = _pipes.Select(p => new PipeListenerOutput(p.Writer)).ToArray();
        _gathered = Enumerable.Range(0, Listeners).Select(_ => new PieceCounter()).ToArray();
        _icy = Enumerable.Range(0, Listeners).Select(_ => new IcyInterleaver(16000)).ToArray();
    }

    /// <summary>One 500 ms write (5 chunks) with ICY metadata to every listener, as slices for one gathered send each.</summary>
    [Benchmark(Description = "Fan-out 500 ms to each listener (gathered)")]
    [AudioSeconds(0.5)]
    public async Task<long> Gathered()
    {
        long total = 0;
        for (int l = 0; l < _gathered.Length; l++)
        {
            await WriteHalfSecondAsync(l, _gathered[l]).ConfigureAwait(false);
            total += _gathered[l].Take();
        }

        return total;
    }

    /// <summary>One 500 ms write to every listener: chunks → ICY → pipe → flush, then the transport drains it.</summary>
    [Benchmark(Description = "Fan-out 500 ms to each listener (pipes)")]
    [AudioSeconds(0.5)]
    public async Task<long> Piped()
    {
        long total = 0;
        for (int l = 0; l < _pipes.Length; l++)
        {
            await WriteHalfSecondAsync(l, _pipeOutputs[l]).ConfigureAwait(false);
            var reader = _pipes[l].Reader;
            if (reader.TryRead(out var read))
            {
                total += read.Buffer.Length;
                reader.AdvanceTo(read.Buffer.End);
            }
        }

        return total;
    }

    /// <summary>Listener <paramref name="listener"/>'s write: the buffer's 5 chunks with ICY metadata, then one send.</summary>
    private async Task WriteHalfSecondAsync(int listener, ListenerOutput output)
    {
        for (long seq = _buffer.Tail; _buffer.TryRead(seq, out var c) == ChunkRead.Ok; seq++)
        {
            _icy[listener].Write(output, c!.Data, c.Title);
        }

        await output.SendAsync(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stands in for the socket: counts the pieces a gathered send would hand to the kernel.</summary>
    private sealed class PieceCounter : ListenerOutput
    {
        private long _bytes;

        public override void Add(ReadOnlyMemory<byte> bytes) => _bytes += bytes.Length;

        public override ValueTask<ListenerSend> SendAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken) => ValueTask.FromResult(ListenerSend.Sent);

        public long Take()
        {
            long bytes = _bytes;
            _bytes = 0;
            return bytes;
        }
    }
}

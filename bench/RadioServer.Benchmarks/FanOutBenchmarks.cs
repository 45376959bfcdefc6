using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Benchmarks;

/// <summary>
/// The per-listener hot path: ICY interleaving and copying shared chunks into each listener's transport
/// pipe. Allocation per listener per write must be zero (MemoryDiagnoser).
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(1 << 20);
    private BroadcastBuffer _buffer = null!;
    private Pipe[] _pipes = [];
    private IcyInterleaver[] _icy = [];
    private StreamTitle _title = null!;

    [Params(1, 100)]
    public int Listeners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new BroadcastBuffer(10_000_000, TimeSpan.FromMilliseconds(500));
        _title = new StreamTitle("Adébáyọ̀ Ọlá - Ọjọ́ Ayọ̀");
        var chunk = new byte[1672]; // 100 ms at 128 kbps (4 frames of 418 bytes)
        for (int i = 0; i < 5; i++)
        {
            _buffer.Append(chunk, _title, TimeSpan.FromMilliseconds(100));
        }

        _pipes = Enumerable.Range(0, Listeners).Select(_ => new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false))).ToArray();
        _icy = Enumerable.Range(0, Listeners).Select(_ => new IcyInterleaver(16000)).ToArray();
    }

    /// <summary>One 500 ms write (5 chunks) with ICY metadata into a reused buffer.</summary>
    [Benchmark(Description = "ICY interleave 500 ms (8.4 KB)")]
    [AudioSeconds(0.5)]
    public int IcyWrite()
    {
        _writer.ResetWrittenCount();
        var icy = _icy[0];
        for (long seq = _buffer.Tail; _buffer.TryRead(seq, out var c) == ChunkRead.Ok; seq++)
        {
            icy.Write(_writer, c!.Data.Span, c.Title);
        }

        return _writer.WrittenCount;
    }

    /// <summary>One 500 ms write to every listener: chunks → ICY → pipe → flush, then the transport drains it.</summary>
    [Benchmark(Description = "Fan-out 500 ms to each listener (pipes)")]
    [AudioSeconds(0.5)]
    public async Task<long> FanOut()
    {
        long total = 0;
        for (int l = 0; l < _pipes.Length; l++)
        {
            var writer = _pipes[l].Writer;
            for (long seq = _buffer.Tail; _buffer.TryRead(seq, out var c) == ChunkRead.Ok; seq++)
            {
                _icy[l].Write(writer, c!.Data.Span, c.Title);
            }

            await writer.FlushAsync().ConfigureAwait(false);
            var reader = _pipes[l].Reader;
            if (reader.TryRead(out var read))
            {
                total += read.Buffer.Length;
                reader.AdvanceTo(read.Buffer.End);
            }
        }

        return total;
    }
}

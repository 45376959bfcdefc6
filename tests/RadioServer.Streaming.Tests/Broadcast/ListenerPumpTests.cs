using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Tests.Broadcast;

public class ListenerPumpTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task RunAsync_NewListener_GetsBurstThenLiveChunksInOrder()
    {
        var buffer = new BroadcastBuffer(1_000_000, Chunk);
        for (byte i = 0; i < 10; i++)
        {
            buffer.Append([i, i], StreamTitle.Empty, Chunk);
        }

        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var pump = ListenerPump.RunAsync(new PipeListenerOutput(pipe.Writer), buffer, new ListenerPumpOptions(6, TimeSpan.FromSeconds(30), TimeProvider.System), null, null, cts.Token);
        buffer.Append([10, 10], StreamTitle.Empty, Chunk);
        var received = new List<byte>();
        while (received.Count < 8)
        {
            var read = await pipe.Reader.ReadAsync();
            received.AddRange(read.Buffer.ToArray());
            pipe.Reader.AdvanceTo(read.Buffer.End);
        }

        Assert.Equal([7, 7, 8, 8, 9, 9, 10, 10], received); // burst of the newest 6 bytes, then live
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
    }

    [Fact]
    public async Task RunAsync_ListenerStopsReading_IsDroppedAfterMaxLagOthersUnaffected()
    {
        var time = new FakeTimeProvider();
        var buffer = new BroadcastBuffer(1_000_000, Chunk);
        var stuck = new Pipe(new PipeOptions(pauseWriterThreshold: 1000, resumeWriterThreshold: 500));
        var healthy = new Pipe();
        var options = new ListenerPumpOptions(0, TimeSpan.FromSeconds(3), time);
        var stuckPump = ListenerPump.RunAsync(new PipeListenerOutput(stuck.Writer), buffer, options, null, null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var healthyPump = ListenerPump.RunAsync(new PipeListenerOutput(healthy.Writer), buffer, options, null, null, cts.Token);

        buffer.Append(new byte[2000], StreamTitle.Empty, Chunk); // more than the stuck pipe takes: its flush waits
        await WaitFor(() => stuck.Reader.TryRead(out var r) && Peek(stuck.Reader, r));
        Assert.False(stuckPump.IsCompleted);
        // The bytes show in the pipe a moment before the pump starts its 3 s timer (on a loaded machine, the test
        // could advance the clock first, and the timer would then never fire): advance until the pump gives up.
        time.Advance(TimeSpan.FromSeconds(3));
        await WaitFor(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return stuckPump.IsCompleted;
        });
        Assert.Equal(ListenerEnd.FellBehind, await stuckPump.WaitAsync(TimeSpan.FromSeconds(10)));

        var read = await healthy.Reader.ReadAsync();
        Assert.Equal(2000, read.Buffer.Length);
        Assert.False(healthyPump.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => healthyPump);
    }

    private static bool Peek(PipeReader reader, ReadResult result)
    {
        reader.AdvanceTo(result.Buffer.Start); // look, do not consume: the listener "stopped reading"
        return result.Buffer.Length > 0;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
    }
}

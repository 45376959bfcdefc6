using System.Buffers;
using System.IO.Pipelines;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// A listener output over a pipe (a TLS connection's decrypted transport, a relay's request body): each piece is
/// copied into the pipe, and a send is its flush, which waits while the pipe is full (backpressure).
/// </summary>
public sealed class PipeListenerOutput(PipeWriter writer) : ListenerOutput
{
    private bool _pending;

    public override void Add(ReadOnlyMemory<byte> bytes)
    {
        writer.Write(bytes.Span);
        _pending = true;
    }

    public override async ValueTask<ListenerSend> SendAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!_pending)
        {
            return ListenerSend.Sent;
        }

        _pending = false;
        var pending = writer.FlushAsync(cancellationToken);
        FlushResult flush;
        if (pending.IsCompleted)
        {
            flush = pending.Result;
        }
        else
        {
            // Slow path only: a timer that gives up on this flush once the listener is maxLag behind.
            using var stall = time.CreateTimer(static w => ((PipeWriter)w!).CancelPendingFlush(), writer, maxLag, Timeout.InfiniteTimeSpan);
            flush = await pending.ConfigureAwait(false);
            if (flush.IsCanceled)
            {
                return ListenerSend.TooSlow;
            }
        }

        return flush.IsCompleted || flush.IsCanceled ? ListenerSend.Closed : ListenerSend.Sent;
    }
}

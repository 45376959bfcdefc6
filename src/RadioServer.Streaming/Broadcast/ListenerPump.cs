using System.Buffers;
using System.IO.Pipelines;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Broadcast;

/// <summary>Why a listener's stream ended.</summary>
public enum ListenerEnd
{
    /// <summary>The listener (or the server shutting down) closed the connection.</summary>
    Closed,

    /// <summary>The listener read too slowly and fell behind the buffer; dropped.</summary>
    FellBehind,
}

/// <summary>
/// Copies a mount's audio to one listener: a burst from the recent past (starting on a frame boundary),
/// then live chunks as they come, with ICY metadata when asked for. Every write awaits the transport's
/// flush (backpressure); the listener's only state is a cursor and the ICY counter.
/// </summary>
public static class ListenerPump
{
    public static async Task<ListenerEnd> RunAsync(
        PipeWriter output, BroadcastBuffer buffer, long burstBytes, IcyInterleaver? icy, Action<long>? onBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(buffer);
        long cursor = buffer.BurstStart(burstBytes);
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake = buffer.NextWake;
            long written = 0;
            ChunkRead read;
            while ((read = buffer.TryRead(cursor, out var chunk)) == ChunkRead.Ok)
            {
                var data = chunk!.Data.Span;
                if (icy is null)
                {
                    output.Write(data);
                }
                else
                {
                    icy.Write(output, data, chunk.Title);
                }

                written += data.Length;
                cursor++;
            }

            if (read == ChunkRead.Gone)
            {
                return ListenerEnd.FellBehind;
            }

            if (written > 0)
            {
                var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                onBytes?.Invoke(written);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return ListenerEnd.Closed;
                }
            }

            await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return ListenerEnd.Closed;
    }
}

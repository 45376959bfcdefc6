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

/// <summary>What a listener pump needs besides its output.</summary>
/// <param name="BurstBytes">Recent audio sent at once on connect.</param>
/// <param name="MaxLag">How long one write may wait for the listener before it counts as fallen behind.</param>
public sealed record ListenerPumpOptions(long BurstBytes, TimeSpan MaxLag, TimeProvider Time);

/// <summary>
/// Sends a mount's audio to one listener: a burst from the recent past (starting on a frame boundary), then live
/// chunks as they come, with ICY metadata when asked for. The listener's output gathers slices of the shared chunks
/// (no copy on a socket) and every send awaits the transport (backpressure); the listener's only state is a cursor
/// and the ICY counter. A listener is dropped when its cursor falls off the buffer's tail, or when one send waits
/// longer than the buffer holds (a client that stopped reading would otherwise hold its connection forever).
/// </summary>
public static class ListenerPump
{
    public static Task<ListenerEnd> RunAsync(
        ListenerOutput output, BroadcastBuffer buffer, ListenerPumpOptions options, IcyInterleaver? icy, Action<long>? onBytes, CancellationToken cancellationToken) =>
        RunAsync(output, new FixedFeed(buffer ?? throw new ArgumentNullException(nameof(buffer)), onBytes), options, icy, cancellationToken);

    /// <summary>
    /// As above, reading whichever buffer <paramref name="feed"/> names: when it changes (the listener was moved to
    /// another mount) the pump continues live on the new one, on the same connection.
    /// </summary>
    public static async Task<ListenerEnd> RunAsync(
        ListenerOutput output, IListenerFeed feed, ListenerPumpOptions options, IcyInterleaver? icy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        var buffer = feed.Buffer;
        long cursor = buffer.BurstStart(options.BurstBytes);
        bool first = true;
        var waiter = new ListenerWaiter(); // one per listener: waiting for new audio allocates nothing per write
        using var cancel = cancellationToken.UnsafeRegister(static w => ((ListenerWaiter)w!).Signal(inline: false), waiter);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (feed.Buffer is var current && current != buffer)
            {
                buffer = current;
                cursor = buffer.BurstStart(0);
                first = true;
            }

            waiter.Arm();
            buffer.Subscribe(waiter); // before checking for data, so a chunk appended meanwhile still wakes us
            long written = 0;
            ChunkRead read;
            while ((read = buffer.TryRead(cursor, out var chunk)) == ChunkRead.Ok)
            {
                if (first && chunk!.Preamble is { StartsWithIt: false } preamble)
                {
                    output.Add(preamble.Headers); // Ogg: a listener joining mid-stream needs the header pages first
                }

                first = false;
                if (icy is null)
                {
                    output.Add(chunk!.Data);
                }
                else
                {
                    icy.Write(output, chunk!.Data, chunk.Title);
                }

                written += chunk.Data.Length;
                cursor++;
            }

            if (read == ChunkRead.Gone)
            {
                return ListenerEnd.FellBehind;
            }

            if (written > 0)
            {
                var sent = await output.SendAsync(options.MaxLag, options.Time, cancellationToken).ConfigureAwait(false);
                if (sent == ListenerSend.TooSlow)
                {
                    return ListenerEnd.FellBehind;
                }

                feed.Sent(written);
                if (sent == ListenerSend.Closed)
                {
                    return ListenerEnd.Closed;
                }
            }

            cancellationToken.ThrowIfCancellationRequested(); // a cancellation after this check signals the armed waiter
            await waiter.WaitAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return ListenerEnd.Closed;
    }

    /// <summary>One buffer for the listener's whole stay (a relay push, tests).</summary>
    private sealed class FixedFeed(BroadcastBuffer buffer, Action<long>? onBytes) : IListenerFeed
    {
        public BroadcastBuffer Buffer => buffer;

        public void Sent(long bytes) => onBytes?.Invoke(bytes);
    }
}

namespace RadioServer.Streaming.Broadcast;

/// <summary>How one send to a listener ended.</summary>
public enum ListenerSend
{
    /// <summary>Everything added was handed to the transport.</summary>
    Sent,

    /// <summary>The listener (or the server) closed the connection.</summary>
    Closed,

    /// <summary>The listener did not take the bytes within the allowed lag: it stopped reading or reads too slowly.</summary>
    TooSlow,
}

/// <summary>
/// Where a listener's bytes go, as gathered writes: <see cref="Add"/> names bytes that stay valid and unchanged
/// until the send completes (the broadcast buffer's shared chunks, a title's pre-encoded ICY block), and
/// <see cref="SendAsync"/> sends everything named since the last send, in order. A socket output hands the pieces
/// to the kernel as they are (no per-listener copy); a pipe output (TLS, relays) copies them into its pipe.
/// </summary>
public abstract class ListenerOutput
{
    /// <summary>Queues <paramref name="bytes"/> for the next send; they must stay unchanged until it completes.</summary>
    public abstract void Add(ReadOnlyMemory<byte> bytes);

    /// <summary>
    /// Sends what was added. <see cref="ListenerSend.TooSlow"/> when the listener has not taken it after
    /// <paramref name="maxLag"/> (measured on <paramref name="time"/>); throws <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public abstract ValueTask<ListenerSend> SendAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken);
}

using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using RadioServer.Streaming.Interop;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// A listener output straight to the connection's socket: one gathered send (<c>sendmsg</c>, one iovec per piece)
/// of the shared chunks and ICY blocks, so a listener's audio is never copied in user space and a listener holds no
/// buffer between writes (through a pipe, every listener copied every chunk into pooled blocks of its own). The
/// connection's owner keeps reading the socket and closes it when the listener is done.
/// On Linux each send is first one non-blocking <c>sendmsg</c> of our own (<see cref="SocketNative"/>), pinning the
/// pieces as locals for the call: a listener's kernel send buffer nearly always has room, and this costs the
/// syscall and nothing else. What the kernel does not take (a full send buffer) goes on through
/// <see cref="SocketAsyncEventArgs"/>, the socket API that waits for room without allocating per send; elsewhere
/// every send does.
/// </summary>
public sealed class SocketListenerOutput : ListenerOutput, IDisposable
{
    private const int DirectFlags = SocketNative.MsgDontWait | SocketNative.MsgNoSignal;
    private readonly Socket _socket;
    private readonly SafeSocketHandle? _handle; // for the direct send; null where it is not supported
    private readonly Action<object> _abort;
    private readonly object _abortState;
    private List<ArraySegment<byte>>? _pieces; // from the first Add until the send has taken them (before any wait): the thread's list (see RentPieces)
    [ThreadStatic] private static List<ArraySegment<byte>>? t_idlePieces;
    private Sender? _sender; // made at the first send the kernel cannot take at once (on Linux, only for a slow listener)
    private long _bytes;
    private volatile bool _tooSlow;

    /// <param name="socket">The connection's socket, with nothing else writing to it.</param>
    /// <param name="abort">Closes the connection (gives up a send that waits too long, or on cancellation).</param>
    public SocketListenerOutput(Socket socket, Action abort)
        : this(socket, static a => ((Action)a).Invoke(), abort ?? throw new ArgumentNullException(nameof(abort)))
    {
    }

    /// <param name="socket">The connection's socket, with nothing else writing to it.</param>
    /// <param name="abort">
    /// Closes the connection, given <paramref name="abortState"/>: a static method and the connection, so that a
    /// listener holds no closure of its own for it.
    /// </param>
    /// <param name="abortState">What <paramref name="abort"/> is called with.</param>
    public SocketListenerOutput(Socket socket, Action<object> abort, object abortState)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(abort);
        ArgumentNullException.ThrowIfNull(abortState);
        _socket = socket;
        _abort = abort;
        _abortState = abortState;
        _handle = SocketNative.IsSupported ? socket.SafeHandle : null;
    }

    /// <summary>Adds a piece; it must be array-backed (chunks and ICY blocks are).</summary>
    public override void Add(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (!MemoryMarshal.TryGetArray(bytes, out var segment))
        {
            throw new ArgumentException("A socket listener output sends array-backed memory only.", nameof(bytes));
        }

        (_pieces ??= RentPieces()).Add(segment);
        _bytes += bytes.Length;
    }

    public override ValueTask<ListenerSend> SendAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_pieces is null)
        {
            return new(ListenerSend.Sent);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_handle is not null)
        {
            var direct = SendDirect(out long sent);
            if (direct == Direct.All)
            {
                Reset();
                return new(ListenerSend.Sent);
            }

            if (direct == Direct.Failed)
            {
                Reset();
                cancellationToken.ThrowIfCancellationRequested();
                return new(ListenerSend.Closed);
            }

            SkipSent(sent); // the kernel's send buffer is full: the rest waits for room below
        }

        return SendWhenRoomAsync(maxLag, time, cancellationToken);
    }

    private async ValueTask<ListenerSend> SendWhenRoomAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken)
    {
        long expected = _bytes;
        var sender = _sender ??= new Sender();
        sender.BufferList = _pieces; // copied into the event args' own list, which the send uses
        Reset(); // the lent list goes back now (BufferList still names it until set to null below: not read meanwhile)
        if (sender.Start(_socket))
        {
            // Slow path only: the kernel's send buffer is full. Give up once the listener is maxLag behind, and
            // close at once when the server stops or the listener is killed.
            using var stall = time.CreateTimer(static o => ((SocketListenerOutput)o!).GiveUp(), this, maxLag, Timeout.InfiniteTimeSpan);
            using var cancel = cancellationToken.UnsafeRegister(static o => ((SocketListenerOutput)o!).Abort(), this);
            await sender.WaitAsync().ConfigureAwait(false);
        }

        var error = sender.SocketError;
        long sent = sender.BytesTransferred;
        sender.BufferList = null; // holds no chunk between writes
        if (error == SocketError.Success && sent == expected)
        {
            return ListenerSend.Sent;
        }

        if (_tooSlow)
        {
            return ListenerSend.TooSlow;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ListenerSend.Closed;
    }

    /// <summary>
    /// A list for the pieces of one send: the calling thread's idle one, or a new one. Pieces are added and sent on one
    /// thread without a wait between (the listener's loop), so each thread needs one list and a listener none of its
    /// own between writes: thousands of idle listeners held a 16-piece list each (0.3 KB). A list only changes thread
    /// if its pieces are added on one thread and sent on another; the thread left without one makes a new one. A
    /// thread's list keeps the capacity of the largest send it made (a connection's burst): one per thread, not per
    /// listener.
    /// </summary>
    private static List<ArraySegment<byte>> RentPieces()
    {
        var pieces = t_idlePieces ?? new List<ArraySegment<byte>>(16);
        t_idlePieces = null;
        return pieces;
    }

    /// <summary>After a send: the piece list goes back to this thread, emptied (its pieces name shared chunks).</summary>
    private void Reset()
    {
        if (_pieces is { } pieces)
        {
            pieces.Clear();
            t_idlePieces ??= pieces;
            _pieces = null;
        }

        _bytes = 0;
    }

    private enum Direct
    {
        All,
        Partial,
        Failed,
    }

    /// <summary>Sends the pieces with non-blocking <c>sendmsg</c> calls until all are sent or the kernel takes no more.</summary>
    private unsafe Direct SendDirect(out long sent)
    {
        sent = 0;
        bool added = false;
        try
        {
            _handle!.DangerousAddRef(ref added); // the descriptor cannot be closed (and reused) during the call
            int fd = (int)_handle.DangerousGetHandle();
            var iov = stackalloc SocketNative.IoVec[SocketNative.MaxPieces];
            var pieces = _pieces!;
            for (int first = 0; first < pieces.Count;)
            {
                int count = Math.Min(SocketNative.MaxPieces, pieces.Count - first);
                long want = 0;
                for (int i = first; i < first + count; i++)
                {
                    want += pieces[i].Count;
                }

                nint n;
                int errno;
                do
                {
                    n = PinAndSend(fd, first, 0, count, iov);
                    errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                while (n < 0 && errno == SocketNative.EIntr);

                if (n < 0)
                {
                    return errno == SocketNative.EAgain ? Direct.Partial : Direct.Failed;
                }

                sent += n;
                if (n < want)
                {
                    return Direct.Partial;
                }

                first += count;
            }

            return Direct.All;
        }
        catch (ObjectDisposedException)
        {
            return Direct.Failed; // the connection was closed
        }
        finally
        {
            if (added)
            {
                _handle!.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Pins pieces <paramref name="first"/> + <paramref name="i"/> onwards as locals, one frame each (a pinned local
    /// is the GC's cheapest pin: no handle to allocate and free, as <c>Memory.Pin</c> would take), then sends them.
    /// </summary>
    private unsafe nint PinAndSend(int fd, int first, int i, int count, SocketNative.IoVec* iov)
    {
        if (i == count)
        {
            var message = new SocketNative.MsgHdr { Iov = iov, IovLength = (nuint)count };
            return SocketNative.SendMsg(fd, &message, DirectFlags);
        }

        var piece = _pieces![first + i];
        fixed (byte* bytes = piece.Array)
        {
            iov[i].Base = bytes + piece.Offset;
            iov[i].Length = (nuint)piece.Count;
            return PinAndSend(fd, first, i + 1, count, iov);
        }
    }

    /// <summary>Drops what the kernel took from the front of the pieces.</summary>
    private void SkipSent(long sent)
    {
        var pieces = _pieces!;
        _bytes -= sent;
        int whole = 0;
        while (whole < pieces.Count && sent >= pieces[whole].Count)
        {
            sent -= pieces[whole].Count;
            whole++;
        }

        pieces.RemoveRange(0, whole);
        if (sent > 0)
        {
            pieces[0] = pieces[0].Slice((int)sent);
        }
    }

    public void Dispose()
    {
        _pieces = null; // pieces of a send that never ran (cancelled first): the chunks they name are not kept alive by this
        _sender?.Dispose();
    }

    private void GiveUp()
    {
        _tooSlow = true;
        Abort();
    }

    private void Abort() => _abort(_abortState);

    /// <summary>The reusable send: one per listener, awaited without allocating.</summary>
    private sealed class Sender() : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true), IValueTaskSource
    {
        // Completions already arrive on a thread-pool thread: the listener's loop continues there.
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };

        /// <summary>Starts the send; true when it completes later (then await <see cref="WaitAsync"/>).</summary>
        public bool Start(Socket socket)
        {
            _core.Reset();
            return socket.SendAsync(this);
        }

        public ValueTask WaitAsync() => new(this, _core.Version);

        protected override void OnCompleted(SocketAsyncEventArgs e) => _core.SetResult(true);

        void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}

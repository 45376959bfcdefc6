using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// A listener output straight to the connection's socket: one gathered send (<c>sendmsg</c>, one iovec per piece)
/// of the shared chunks and ICY blocks, so a listener's audio is never copied in user space and a listener holds no
/// buffer between writes (through a pipe, every listener copied every chunk into pooled blocks of its own). The
/// connection's owner keeps reading the socket and closes it when the listener is done.
/// Written on <see cref="SocketAsyncEventArgs"/> because it is the socket API that sends a buffer list without
/// allocating per send; the runtime pins up to 8 pieces per send on the stack (a 500 ms write is 5–7 pieces).
/// </summary>
public sealed class SocketListenerOutput : ListenerOutput, IDisposable
{
    private readonly Socket _socket;
    private readonly Action _abort;
    private readonly List<ArraySegment<byte>> _pieces = new(16);
    private readonly Sender _sender = new();
    private long _bytes;
    private volatile bool _tooSlow;

    /// <param name="socket">The connection's socket, with nothing else writing to it.</param>
    /// <param name="abort">Closes the connection (gives up a send that waits too long, or on cancellation).</param>
    public SocketListenerOutput(Socket socket, Action abort)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(abort);
        _socket = socket;
        _abort = abort;
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

        _pieces.Add(segment);
        _bytes += bytes.Length;
    }

    public override async ValueTask<ListenerSend> SendAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_pieces.Count == 0)
        {
            return ListenerSend.Sent;
        }

        cancellationToken.ThrowIfCancellationRequested();
        long expected = _bytes;
        _sender.BufferList = _pieces; // copied into the event args' own list
        _pieces.Clear();
        _bytes = 0;
        if (_sender.Start(_socket))
        {
            // Slow path only: the kernel's send buffer is full. Give up once the listener is maxLag behind, and
            // close at once when the server stops or the listener is killed.
            using var stall = time.CreateTimer(static o => ((SocketListenerOutput)o!).GiveUp(), this, maxLag, Timeout.InfiniteTimeSpan);
            using var cancel = cancellationToken.UnsafeRegister(static o => ((SocketListenerOutput)o!)._abort(), this);
            await _sender.WaitAsync().ConfigureAwait(false);
        }

        var error = _sender.SocketError;
        long sent = _sender.BytesTransferred;
        _sender.BufferList = null; // holds no chunk between writes
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

    public void Dispose() => _sender.Dispose();

    private void GiveUp()
    {
        _tooSlow = true;
        _abort();
    }

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

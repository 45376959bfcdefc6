using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace RadioServer.Connections.Transport;

/// <summary>
/// One reusable socket operation (a receive or a send), awaited without allocating: the socket API that waits for the
/// kernel without a Task per call. Completions arrive on a thread-pool thread; the awaiting loop continues there.
/// </summary>
internal sealed class SocketOperation() : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true), IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };
    private List<ArraySegment<byte>>? _segments; // a send's pieces when its buffer has more than one segment

    /// <summary>Waits until the socket has bytes to read (or is closed), holding no buffer meanwhile.</summary>
    public ValueTask<int> WaitForDataAsync(Socket socket) => ReceiveAsync(socket, Memory<byte>.Empty);

    /// <summary>Receives into <paramref name="buffer"/>: the count, 0 at the peer's FIN.</summary>
    public ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        SetBuffer(buffer);
        _core.Reset();
        return socket.ReceiveAsync(this) ? new(this, _core.Version) : CompletedNow();
    }

    /// <summary>Sends all of <paramref name="buffer"/> (one gathered send when it has several segments).</summary>
    public ValueTask<int> SendAsync(Socket socket, in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            SetBuffer(MemoryMarshal.AsMemory(buffer.First));
        }
        else
        {
            SetBuffer(null, 0, 0);
            var segments = _segments ??= [];
            foreach (var memory in buffer)
            {
                if (!MemoryMarshal.TryGetArray(memory, out var segment))
                {
                    throw new InvalidOperationException("The transport's pool hands out array-backed memory only.");
                }

                segments.Add(segment);
            }

            BufferList = segments; // copied by the setter into the event args' own list
            segments.Clear();
        }

        _core.Reset();
        return socket.SendAsync(this) ? new(this, _core.Version) : CompletedNow();
    }

    /// <summary>After a send: the event args name no caller's memory any more.</summary>
    public void Release()
    {
        if (BufferList is not null)
        {
            BufferList = null;
        }
        else
        {
            SetBuffer(null, 0, 0);
        }
    }

    private ValueTask<int> CompletedNow() =>
        SocketError == SocketError.Success ? new(BytesTransferred) : ValueTask.FromException<int>(new SocketException((int)SocketError));

    protected override void OnCompleted(SocketAsyncEventArgs e) => _core.SetResult(0);

    int IValueTaskSource<int>.GetResult(short token)
    {
        _core.GetResult(token);
        if (SocketError != SocketError.Success)
        {
            throw new SocketException((int)SocketError);
        }

        return BytesTransferred;
    }

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

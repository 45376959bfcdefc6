using System.Buffers;
using System.Collections;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace RadioServer.Connections.Transport;

/// <summary>
/// One accepted TCP connection under Kestrel (see <see cref="StationSocketTransport"/>): a receive loop fills the
/// input pipe, a send loop drains the output pipe, as Kestrel's own socket transport does, until the stream path takes
/// the socket (<see cref="IListenerSocketFeature.TakeSocket"/>). From then on a listener holds no pipe, no send loop
/// and no buffer: only the socket and one receive that waits for the listener to close (bytes a listener sends are
/// read and dropped, as Icecast does). That is what a listener costs here beyond the socket itself, about half of what
/// Kestrel's transport keeps for it (two pipes, their readers and writers, a send loop and its state).
/// The connection is its own feature collection (one object, as Kestrel's transports do): it is itself every feature
/// a connection always has; the few that Kestrel and the middleware add go in a small array.
/// </summary>
internal sealed partial class StationSocketConnection : ConnectionContext, IFeatureCollection, IConnectionIdFeature, IConnectionTransportFeature,
    IConnectionItemsFeature, IMemoryPoolFeature, IConnectionLifetimeFeature, IConnectionSocketFeature, IConnectionEndPointFeature, IListenerSocketFeature
{
    private const int MinReadSize = 2048; // half a pool block, as Kestrel asks for
    private static long s_lastId;

    private readonly Socket _socket;
    private readonly StationSocketTransport _transport;
    private readonly SocketOperation _receiver = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _shutdownLock = new();
    private Pipe? _input; // null once the stream path has the socket
    private Pipe? _output;
    private IDuplexPipe? _application; // what the middleware and Kestrel read and write: the pipes' other ends
    private readonly long _id;
    private string? _connectionId;
    private IDictionary<object, object?>? _items;
    private KeyValuePair<Type, object>[]? _extra;
    private int _extraCount;
    private int _revision;
    private volatile bool _socketClosed;
    private volatile bool _socketTaken;
    private int _inputState; // Idle, Writing (the receive loop is putting bytes in the input pipe) or Taken
    private Exception? _shutdownReason;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;

    public StationSocketConnection(Socket socket, StationSocketTransport transport)
    {
        _socket = socket;
        _transport = transport;
        _id = Interlocked.Increment(ref s_lastId);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        ConnectionClosed = _closed.Token;
        _input = new Pipe(transport.InputOptions);
        _output = new Pipe(transport.OutputOptions);
        _application = new DuplexPipe(_input.Reader, _output.Writer);
    }

    public void Start()
    {
        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    public override string ConnectionId
    {
        get => _connectionId ??= _id.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        set => _connectionId = value;
    }

    public override IFeatureCollection Features => this;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    public override IDuplexPipe Transport
    {
        get => _application ?? ReleasedPipe.Instance;
        set => _application = value;
    }

    public MemoryPool<byte> MemoryPool => _transport.MemoryPool;

    public Socket Socket => _socket;

    /// <summary>
    /// The stream path's hand-over: the pipes are dropped (what the client sent past its request head is discarded),
    /// the send loop ends, and the receive loop goes on only to see the connection close. Only on a connection
    /// nobody has written to since its head was read; after this, write to the socket only.
    /// </summary>
    public Socket TakeSocket()
    {
        if (_socketTaken)
        {
            return _socket;
        }

        try
        {
            _socket.Blocking = false; // first: the receive loop's reads of what a listener sends must never wait
        }
        catch (ObjectDisposedException)
        {
        }

        _socketTaken = true;
        var input = _input;
        var output = _output;
        _input = null;
        _output = null;
        _application = null;
        input?.Reader.Complete();
        if (Interlocked.CompareExchange(ref _inputState, InputTaken, InputIdle) == InputIdle)
        {
            input?.Writer.Complete(); // else the receive loop, putting bytes in it now, completes it (ReceiveIntoPipeAsync)
        }

        output?.Writer.Complete();
        output?.Reader.CancelPendingRead(); // the send loop ends without closing the socket
        return _socket;
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        Shutdown(abortReason);
        _output?.Reader.CancelPendingRead(); // the send loop ends
    }

    public override async ValueTask DisposeAsync()
    {
        _input?.Reader.Complete();
        _output?.Writer.Complete(); // the send loop sends what is left, then closes the socket
        if (_socketTaken)
        {
            Shutdown(null); // the stream path is done with it
        }

        await _sending.ConfigureAwait(false);
        await _receiving.ConfigureAwait(false);
        _receiver.Dispose();
        _closed.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                await _receiver.WaitForDataAsync(_socket).ConfigureAwait(false); // no buffer rented while the client is quiet
                if (_socketTaken)
                {
                    if (!DropListenerInput())
                    {
                        break;
                    }

                    continue;
                }

                if (!await ReceiveIntoPipeAsync().ConfigureAwait(false))
                {
                    if (_socketTaken)
                    {
                        continue; // taken while the bytes went into the pipe: wait for the close from now on
                    }

                    break;
                }
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            error = new ConnectionResetException(e.Message, e);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            error = e; // the socket was closed by an abort: _shutdownReason says why
        }
        catch (Exception e)
        {
            error = e;
            _transport.UnexpectedError(ConnectionId, e);
        }
        finally
        {
            if (Interlocked.CompareExchange(ref _inputState, InputTaken, InputIdle) == InputIdle)
            {
                _input?.Writer.Complete(_shutdownReason ?? error); // Kestrel reads why: a reset, an abort
            }

            await Task.Yield(); // the token's callbacks run on a pool thread of their own, not in this loop
            try
            {
                _closed.Cancel();
            }
            catch (AggregateException e)
            {
                _transport.UnexpectedError(ConnectionId, e); // a callback failed; the connection is closed all the same
            }
        }
    }

    /// <summary>
    /// Reads what is there into the input pipe; false at the client's FIN or once the pipe's reader is gone. Its own
    /// method so that the loop's state keeps no pipe or buffer while it waits for the next bytes.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReceiveIntoPipeAsync()
    {
        var input = _input;
        if (input is null || Interlocked.CompareExchange(ref _inputState, InputWriting, InputIdle) != InputIdle)
        {
            return false; // the stream path took the socket
        }

        var writer = input.Writer;
        bool more = false;
        try
        {
            int received = await _receiver.ReceiveAsync(_socket, writer.GetMemory(MinReadSize)).ConfigureAwait(false);
            if (received > 0)
            {
                writer.Advance(received);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                more = !flush.IsCompleted && !flush.IsCanceled;
            }
        }
        finally
        {
            // Taken meanwhile: the stream path found this loop writing and left the pipe to it. Taken just after: the
            // stream path finds it idle and completes the pipe itself. One of the two, never both.
            if (Interlocked.Exchange(ref _inputState, _socketTaken ? InputTaken : InputIdle) == InputWriting && _socketTaken)
            {
                writer.Complete();
            }
        }

        return more; // false at the client's FIN, or once the pipe's reader is done
    }

    private const int InputIdle = 0;
    private const int InputWriting = 1;
    private const int InputTaken = 2;

    /// <summary>
    /// After the stream path took the socket: reads and drops what the listener sent. False when the listener has
    /// closed (its FIN: readable with nothing to read) or the socket failed.
    /// </summary>
    private bool DropListenerInput()
    {
        Span<byte> scratch = stackalloc byte[512];
        for (int reads = 0; reads < 64; reads++)
        {
            int n;
            SocketError error;
            try
            {
                n = _socket.Receive(scratch, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            if (error == SocketError.WouldBlock)
            {
                return true; // all read; the wait goes on
            }

            if (error != SocketError.Success || n == 0)
            {
                return false;
            }
        }

        return true; // a client that sends without end gets one wait's worth of reads at a time
    }

    private async Task SendLoopAsync()
    {
        Exception? error = null;
        Exception? unexpected = null;
        var output = _output!;
        var reader = output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    var sender = _transport.RentSender();
                    try
                    {
                        await sender.SendAsync(_socket, buffer).ConfigureAwait(false);
                    }
                    finally
                    {
                        _transport.ReturnSender(sender);
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            error = new ConnectionResetException(e.Message, e);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            error = e;
        }
        catch (Exception e)
        {
            error = unexpected = e;
            _transport.UnexpectedError(ConnectionId, e);
        }
        finally
        {
            if (!_socketTaken)
            {
                Shutdown(error);
            }

            reader.Complete(unexpected);
            if (_socketTaken)
            {
                _sending = Task.CompletedTask; // a listener keeps no finished loop (Start set this long before the take)
            }

            _input?.Writer.CancelPendingFlush(); // a receive loop paused by a full input pipe goes on, and ends
        }
    }

    /// <summary>Closes the socket (a FIN first, as Kestrel does even for aborts); the loops end on their own.</summary>
    private void Shutdown(Exception? reason)
    {
        lock (_shutdownLock)
        {
            if (_socketClosed)
            {
                return;
            }

            _socketClosed = true;
            _shutdownReason = reason ?? new ConnectionAbortedException("The connection was closed by the server.");
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            _socket.Dispose();
        }
    }

    private static bool IsReset(SocketError error) => error is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted;

    // The feature collection. Kestrel reads the features below on every connection and adds four of its own
    // (heartbeat, completion, lifetime notification, metrics); the middleware adds one or two.

    bool IFeatureCollection.IsReadOnly => false;

    int IFeatureCollection.Revision => _revision;

    object? IFeatureCollection.this[Type key]
    {
        get => Own(key) ? this : Extra(key);
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            _revision++;
            if (Own(key))
            {
                if (!ReferenceEquals(value, this))
                {
                    SetExtra(key, value); // someone replaces one of ours: theirs wins, as in Kestrel's collections
                }

                return;
            }

            SetExtra(key, value);
        }
    }

    TFeature? IFeatureCollection.Get<TFeature>() where TFeature : default => (TFeature?)((IFeatureCollection)this)[typeof(TFeature)];

    void IFeatureCollection.Set<TFeature>(TFeature? instance) where TFeature : default => ((IFeatureCollection)this)[typeof(TFeature)] = instance;

    private bool Own(Type key) =>
        (key == typeof(IConnectionIdFeature) || key == typeof(IConnectionTransportFeature) || key == typeof(IConnectionItemsFeature)
            || key == typeof(IMemoryPoolFeature) || key == typeof(IConnectionLifetimeFeature) || key == typeof(IConnectionSocketFeature)
            || key == typeof(IConnectionEndPointFeature) || key == typeof(IListenerSocketFeature))
        && Extra(key) is null;

    private object? Extra(Type key)
    {
        for (int i = 0; i < _extraCount; i++)
        {
            if (_extra![i].Key == key)
            {
                return _extra[i].Value;
            }
        }

        return null;
    }

    private void SetExtra(Type key, object? value)
    {
        for (int i = 0; i < _extraCount; i++)
        {
            if (_extra![i].Key == key)
            {
                if (value is null)
                {
                    _extra[i] = _extra[--_extraCount];
                    _extra[_extraCount] = default;
                }
                else
                {
                    _extra[i] = new(key, value);
                }

                return;
            }
        }

        if (value is null)
        {
            return;
        }

        if (_extra is null || _extraCount == _extra.Length)
        {
            Array.Resize(ref _extra, _extraCount == 0 ? 6 : _extraCount * 2);
        }

        _extra[_extraCount++] = new(key, value);
    }

    IEnumerator<KeyValuePair<Type, object>> IEnumerable<KeyValuePair<Type, object>>.GetEnumerator()
    {
        foreach (var key in OwnFeatures)
        {
            if (Own(key))
            {
                yield return new(key, this);
            }
        }

        for (int i = 0; i < _extraCount; i++)
        {
            yield return _extra![i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<Type, object>>)this).GetEnumerator();

    private static readonly Type[] OwnFeatures =
    [
        typeof(IConnectionIdFeature), typeof(IConnectionTransportFeature), typeof(IConnectionItemsFeature), typeof(IMemoryPoolFeature),
        typeof(IConnectionLifetimeFeature), typeof(IConnectionSocketFeature), typeof(IConnectionEndPointFeature), typeof(IListenerSocketFeature),
    ];

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>What <see cref="Transport"/> gives once the stream path has the socket: finished pipes.</summary>
    private sealed class ReleasedPipe : IDuplexPipe
    {
        public static readonly ReleasedPipe Instance = new();

        private ReleasedPipe()
        {
            var pipe = new Pipe();
            pipe.Writer.Complete();
            Input = pipe.Reader;
            var sink = new Pipe();
            sink.Reader.Complete();
            Output = sink.Writer;
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }
    }
}

/// <summary>
/// Lets the stream path take a connection's socket from the transport once the request head is read, so that a
/// listener holds no pipe (see <see cref="StationSocketConnection.TakeSocket"/>). Only on connections accepted by
/// <see cref="StationSocketTransport"/>.
/// </summary>
internal interface IListenerSocketFeature
{
    /// <summary>Drops the connection's pipes and returns its socket, which the caller alone writes to from then on.</summary>
    Socket TakeSocket();
}

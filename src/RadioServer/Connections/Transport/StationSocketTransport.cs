using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace RadioServer.Connections.Transport;

/// <summary>
/// Kestrel's transport for TCP endpoints: accepts connections as Kestrel's socket transport does (the same listen
/// socket, via <see cref="SocketTransportOptions.CreateDefaultBoundListenSocket"/>, and the same backlog), and hands
/// Kestrel <see cref="StationSocketConnection"/>s, which let the stream path take a listener's socket once its request
/// head is read. Kestrel stays the server: its connection limits, timeouts, TLS and HTTP run on these connections as
/// on its own. Written here because Kestrel's socket transport keeps two pipes and a send loop for a connection's whole
/// life (about 2 KB a listener that the stream path never uses), and offers no way to give them back.
/// Other endpoints (Unix sockets, handles) are left to Kestrel's own transport.
/// </summary>
internal sealed partial class StationSocketTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    /// <summary>
    /// The listen backlog: 1,000 listeners connecting at once (a station's link in a push notification, everyone
    /// reconnecting after a network blip) must all wait in the kernel's accept queue rather than have their SYNs dropped
    /// and retried a second later. Kestrel's default is 512; Linux caps the value at <c>net.core.somaxconn</c> (4096 on
    /// current kernels).
    /// </summary>
    public const int Backlog = 4096;

    // Kestrel's socket transport's defaults: a connection stops reading at 1 MB unread, and a writer waits at 64 KB unsent.
    private const long MaxReadBufferSize = 1024 * 1024;
    private const long MaxWriteBufferSize = 64 * 1024;

    private readonly ILogger<StationSocketTransport> _logger;
    private readonly ConcurrentBag<SocketOperation> _senders = [];

    public StationSocketTransport(IMemoryPoolFactory<byte> pools, ILogger<StationSocketTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(pools);
        _logger = logger;
        MemoryPool = pools.Create(new MemoryPoolOptions { Owner = "radioserver-sockets" });
        InputOptions = new PipeOptions(MemoryPool, PipeScheduler.ThreadPool, PipeScheduler.Inline, MaxReadBufferSize, MaxReadBufferSize / 2, useSynchronizationContext: false);
        OutputOptions = new PipeOptions(MemoryPool, PipeScheduler.Inline, PipeScheduler.ThreadPool, MaxWriteBufferSize, MaxWriteBufferSize / 2, useSynchronizationContext: false);
    }

    public MemoryPool<byte> MemoryPool { get; }

    /// <summary>The input pipe: the application reads on pool threads, the receive loop resumes inline.</summary>
    public PipeOptions InputOptions { get; }

    /// <summary>The output pipe: the send loop resumes inline on the flushing thread, a waiting writer on a pool thread.</summary>
    public PipeOptions OutputOptions { get; }

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint)
        {
            throw new NotSupportedException($"{endpoint} is not a TCP endpoint; Kestrel's socket transport binds it.");
        }

        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        try
        {
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new(new Listener(this, socket));
    }

    /// <summary>A send operation for one send of one connection: idle connections hold none.</summary>
    public SocketOperation RentSender() => _senders.TryTake(out var sender) ? sender : new SocketOperation();

    public void ReturnSender(SocketOperation sender)
    {
        sender.Release();
        if (_senders.Count < 1024)
        {
            _senders.Add(sender);
        }
        else
        {
            sender.Dispose();
        }
    }

    public void Dispose()
    {
        while (_senders.TryTake(out var sender))
        {
            sender.Dispose();
        }

        MemoryPool.Dispose();
    }

    public void UnexpectedError(string connectionId, Exception error) => ConnectionFailed(_logger, connectionId, error);

    [LoggerMessage(HostLogIds.Connections + 20, LogLevel.Warning, "Connection {ConnectionId} failed unexpectedly")]
    private static partial void ConnectionFailed(ILogger logger, string connectionId, Exception error);

    [LoggerMessage(HostLogIds.Connections + 21, LogLevel.Debug, "A connection was reset before it was accepted")]
    private static partial void ResetBeforeAccept(ILogger logger);

    [LoggerMessage(HostLogIds.Connections + 22, LogLevel.Warning, "Accepting connections fails ({Error}); trying again every 100 ms, the clients waiting in the listen backlog meanwhile")]
    private static partial void AcceptFailed(ILogger logger, SocketError error, Exception exception);

    private static readonly TimeSpan AcceptRetry = TimeSpan.FromMilliseconds(100);

    private sealed class Listener(StationSocketTransport transport, Socket socket) : IConnectionListener
    {
        private volatile bool _unbound;
        private bool _failing; // accepts are failing (out of descriptors): said once

        public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                Socket accepted;
                try
                {
                    accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
                {
                    return null; // unbound
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted || _unbound)
                {
                    return null;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    ResetBeforeAccept(transport._logger); // the client gave up while queued: take the next one
                    continue;
                }
                catch (SocketException e)
                {
                    // Out of descriptors or kernel memory: the queued clients wait in the backlog while connections
                    // close. Kestrel's socket transport would end its accept loop here; a station keeps trying.
                    if (!_failing)
                    {
                        _failing = true; // said once until an accept succeeds again
                        AcceptFailed(transport._logger, e.SocketErrorCode, e);
                    }

                    try
                    {
                        await Task.Delay(AcceptRetry, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }

                    continue;
                }

                _failing = false;

                try
                {
                    accepted.NoDelay = true; // as Kestrel does: small writes (ICY heads, HLS playlists) leave at once
                    var connection = new StationSocketConnection(accepted, transport);
                    connection.Start();
                    return connection;
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    accepted.Dispose(); // closed between accept and set-up
                }
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            _unbound = true;
            socket.Dispose();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _unbound = true;
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

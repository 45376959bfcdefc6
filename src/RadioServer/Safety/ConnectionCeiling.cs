using System.Text;
using Microsoft.AspNetCore.Connections;
using RadioServer.Configuration;

namespace RadioServer.Safety;

/// <summary>
/// <c>max_connections</c>: the open connections of the whole server. Past it a new connection is answered
/// <c>503 Service Unavailable</c> at once and closed (a TLS client, whose handshake we cannot answer in plain text, is
/// closed), so a flood neither queues nor starves the listeners already connected. Kestrel's own
/// <c>MaxConcurrentConnections</c> sits a little above (see <see cref="KestrelLimit"/>) as the hard backstop that
/// leaves room to send those 503s. Becoming full and being free again are logged once each, not per refusal.
/// </summary>
public sealed partial class ConnectionCeiling(StationOptions station, ILogger<ConnectionCeiling> logger)
{
    /// <summary>
    /// Marks a connection already counted: behind TLS the Icecast middleware sees it a second time. A connection feature,
    /// not an Items entry (asking for Items creates them: 0.2 KB for every listener), set only on connections passed on.
    /// </summary>
    private sealed class Counted
    {
        public static readonly Counted Mark = new();
    }

    private static readonly byte[] Refusal = Encoding.ASCII.GetBytes(
        "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 10\r\n" +
        "Connection: close\r\nContent-Length: 39\r\n\r\nThe server is full; try again shortly.\n");

    private readonly SubscriberGate _gate = new(station.MaxConnections);
    private int _full;

    public int Open => _gate.Count;

    /// <summary>Kestrel's ceiling: room above <c>max_connections</c> for the 503 answers (null = no limit).</summary>
    public static long? KestrelLimit(StationOptions station)
    {
        ArgumentNullException.ThrowIfNull(station);
        return station.MaxConnections > 0 ? station.MaxConnections + Math.Max(16, station.MaxConnections / 10) : null;
    }

    /// <summary>
    /// Counts the connection the first time it is seen; false when the server is full (then answer with
    /// <see cref="RefuseAsync"/>). Every true of a first sighting needs one <see cref="Leave"/> with the same connection.
    /// </summary>
    public bool TryEnter(ConnectionContext connection, out bool counted)
    {
        ArgumentNullException.ThrowIfNull(connection);
        counted = false;
        if (connection.Features.Get<Counted>() is not null)
        {
            return true;
        }

        if (!_gate.TryEnter())
        {
            if (Interlocked.Exchange(ref _full, 1) == 0)
            {
                Full(logger, station.MaxConnections);
            }

            return false;
        }

        counted = true;
        return true;
    }

    /// <summary>
    /// Before a counted connection is passed on to Kestrel's stack, which may run the Icecast middleware on it again
    /// (behind TLS): there <see cref="TryEnter"/> finds it counted.
    /// </summary>
    public static void MarkCounted(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Features.Set(Counted.Mark);
    }

    public void Leave()
    {
        _gate.Leave();
        if (Volatile.Read(ref _full) == 1 && _gate.Count < station.MaxConnections * 9 / 10 && Interlocked.Exchange(ref _full, 0) == 1)
        {
            Free(logger, _gate.Count);
        }
    }

    /// <summary>
    /// Waits briefly for the client's first bytes (closing with unread input would reset the connection before the
    /// client reads the answer), then answers 503 in plain HTTP, or just closes a TLS handshake.
    /// </summary>
    public static async Task RefuseAsync(ConnectionContext connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
        try
        {
            var read = await connection.Transport.Input.ReadAsync(wait.Token).ConfigureAwait(false);
            bool tls = !read.Buffer.IsEmpty && read.Buffer.FirstSpan[0] == 0x16;
            connection.Transport.Input.AdvanceTo(read.Buffer.End);
            if (!tls)
            {
                await connection.Transport.Output.WriteAsync(Refusal, wait.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // said nothing within a second: closed without a reply
        }
        catch (IOException)
        {
            // gone already
        }
    }

    [LoggerMessage(HostLogIds.Connections + 10, LogLevel.Warning, "Server full: {Limit} connections open (max_connections); new connections get 503 until some close")]
    private static partial void Full(ILogger logger, int limit);

    [LoggerMessage(HostLogIds.Connections + 11, LogLevel.Information, "Server no longer full: {Open} connections open; new connections are accepted again")]
    private static partial void Free(ILogger logger, int open);
}

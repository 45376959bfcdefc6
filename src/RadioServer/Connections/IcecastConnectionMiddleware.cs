using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using RadioServer.Configuration;
using RadioServer.Connections.Transport;
using RadioServer.Icecast;
using RadioServer.Listeners;
using RadioServer.Safety;
using RadioServer.Source;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mounts;
using RadioServer.Tls;

namespace RadioServer.Connections;

/// <summary>
/// Kestrel connection middleware that answers listener stream requests exactly as Icecast does:
/// <c>HTTP/1.0 200 OK</c>, Icecast's header bytes, and a close-delimited body with no chunked framing
/// (Kestrel would chunk an endless HTTP/1.1 response; streamripper and some hardware radios choke on that).
/// It peeks at the first request head on each connection; a <c>GET</c> or <c>HEAD</c> of a mount is served
/// here on the raw connection, every other request is passed to Kestrel's HTTP stack byte-for-byte
/// untouched. See docs/http-framing.md for why this approach was chosen.
/// </summary>
internal sealed partial class IcecastConnectionMiddleware(
    ConnectionDelegate next, StationOptions station, MountRegistry mounts, ListenerAdmission admission, ListenerService listeners, SourceIngest sources,
    TlsUpgrade tlsUpgrade, TimeProvider time, ILogger<IcecastConnectionMiddleware> logger, TrustedProxies proxies, ClientAddresses addresses, ConnectionCeiling ceiling)
{
    /// <summary>Icecast closes a connection that has not sent a whole request head in time (default 15 s).</summary>
    private readonly TimeSpan _headerTimeout = TimeSpan.FromSeconds(station.HeaderTimeoutSeconds);

    /// <summary>Larger heads are left to Kestrel, which answers 431.</summary>
    public const int MaxHeadBytes = 8192;

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!ceiling.TryEnter(connection, out bool counted))
        {
            await ConnectionCeiling.RefuseAsync(connection, time).ConfigureAwait(false);
            return;
        }

        try
        {
            await HandleAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            if (counted)
            {
                ceiling.Leave();
            }

            await TlsUpgrade.ReleaseAsync(connection).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(ConnectionContext connection)
    {
        var (kind, head, mount) = await ReadHeadAsync(connection).ConfigureAwait(false);
        switch (kind)
        {
            case HeadKind.TimedOut:
                return; // like Icecast: close without a reply
            case HeadKind.Source:
                await sources.HandleAsync(connection, head!).ConfigureAwait(false);
                return;
            case HeadKind.TlsProbe:
                await UpgradeAsync(connection).ConfigureAwait(false);
                return;
            case HeadKind.Stream:
                await ServeAsync(connection, head!, mount!).ConfigureAwait(false);
                return;
            default:
                ConnectionCeiling.MarkCounted(connection); // behind TLS this middleware sees the connection again
                await next(connection).ConfigureAwait(false); // Kestrel's TLS or HTTP stack
                return;
        }
    }

    private enum HeadKind
    {
        TimedOut,
        Source,
        TlsProbe,
        Stream,
        Pass,
    }

    /// <summary>
    /// Reads the connection's first request head within the header timeout and says who answers it. The timeout's
    /// timer and token end here, before the connection is served: a listener holds them no longer than its head.
    /// </summary>
    private async Task<(HeadKind Kind, HttpRequestHead? Head, Mount? Mount)> ReadHeadAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(_headerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed);
        while (true)
        {
            System.IO.Pipelines.ReadResult read;
            try
            {
                read = await input.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                HeaderTimedOut(logger, addresses.Written((connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString()));
                return (HeadKind.TimedOut, null, null);
            }

            var buffer = read.Buffer;
            if (IsTlsHandshake(buffer))
            {
                input.AdvanceTo(buffer.Start); // for Kestrel's TLS, after which this middleware runs again on the plain bytes
                return (HeadKind.Pass, null, null);
            }

            var status = HttpRequestHead.TryParse(buffer, MaxHeadBytes, out var head, out long headLength);
            if (status == HeadParse.Complete && head!.Method is "SOURCE" or "PUT")
            {
                // Source clients send endless bodies without a length, which Kestrel would read as empty.
                input.AdvanceTo(buffer.GetPosition(headLength));
                return (HeadKind.Source, head, null);
            }

            if (status == HeadParse.Complete && TlsUpgrade.IsProbe(head!))
            {
                input.AdvanceTo(buffer.GetPosition(headLength));
                return (HeadKind.TlsProbe, head, null);
            }

            if (status == HeadParse.Complete && IsStreamRequest(head!, out var mount))
            {
                input.AdvanceTo(buffer.GetPosition(headLength));
                return (HeadKind.Stream, head, mount);
            }

            if (status == HeadParse.NeedMore && !read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End); // wait for more bytes, keep them all
                continue;
            }

            input.AdvanceTo(buffer.Start); // nothing consumed, nothing marked examined: Kestrel reads the same bytes
            return (HeadKind.Pass, null, null);
        }
    }

    /// <summary>A TLS connection starts with a handshake record (type 22); no HTTP request starts with that byte.</summary>
    private static bool IsTlsHandshake(in ReadOnlySequence<byte> buffer) => !buffer.IsEmpty && buffer.FirstSpan[0] == 0x16;

    /// <summary>
    /// libshout's RFC 2817 probe: upgraded to TLS in place, the next request is read inside TLS. The peer is logged as
    /// <c>ip_privacy</c> allows, like every other address.
    /// </summary>
    private async Task UpgradeAsync(ConnectionContext connection)
    {
        if (await tlsUpgrade.AnswerAsync(connection, addresses.Written((connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString())).ConfigureAwait(false))
        {
            await HandleAsync(connection).ConfigureAwait(false);
        }
    }

    private bool IsStreamRequest(HttpRequestHead head, out Mount mount)
    {
        mount = null!;
        return head.Method is "GET" or "HEAD" && mounts.TryGet(head.Path, out mount!);
    }

    /// <summary>
    /// Admits or refuses the listener. Not async itself: the request head (its header dictionary and strings) is not
    /// held for the listener's whole stay by a waiting state machine; what is kept is in the session.
    /// </summary>
    private Task ServeAsync(ConnectionContext connection, HttpRequestHead head, Mount mount)
    {
        // A plain connection's listener is written straight to its socket (gathered writes of the shared chunks, see
        // SocketListenerOutput); TLS needs the transport's pipe, which encrypts. Set up before admission: nothing may
        // throw between admitting a listener and serving it (it would stay counted).
        var socket = TlsUpgrade.IsEncrypted(connection) ? null : connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is not null)
        {
            // Pin the kernel's send buffer: Linux would otherwise autotune it up to 4 MB per listener (minutes of
            // audio at 128 kbps), hiding a listener that stopped reading and costing memory at scale.
            socket.SendBufferSize = (int)Math.Clamp(mount.Options.BurstBytes * 2, 64 * 1024, 1024 * 1024);
        }

        string ip = proxies.ClientIp(connection.RemoteEndPoint, head.Header); // behind a trusted proxy: the forwarded client
        var answer = admission.Admit(mount, new ListenerAdmission.Request(head.Method, ip, head.Header("User-Agent"),
            $"{head.Method} {head.Target} {head.Protocol}", head.Header("Referer"), head.Header("Icy-MetaData")));
        byte[] responseHead = StreamHeaders.Serialize(answer.StatusLine, answer.Headers);
        if (answer.Session is not { } session)
        {
            var pipe = connection.Transport.Output;
            pipe.Write(responseHead);
            pipe.Write(answer.Body);
            return pipe.FlushAsync(connection.ConnectionClosed).AsTask();
        }

        ListenerOutput output;
        if (socket is null)
        {
            output = new PipeListenerOutput(connection.Transport.Output);
        }
        else
        {
            // On our transport the listener gives back the connection's pipes: from here on only the socket is written.
            connection.Features.Get<IListenerSocketFeature>()?.TakeSocket();
            output = new SocketListenerOutput(socket, static c => ((ConnectionContext)c).Abort(new ConnectionAbortedException("listener done")), connection);
        }

        output.Add(responseHead); // sent first, at once, by the listener's first send (the service disposes the output)
        return listeners.ServeAsync(session, output, ReadOnlyMemory<byte>.Empty, answer.IcyMetadata, connection.ConnectionClosed);
    }

    [LoggerMessage(HostLogIds.Connections + 0, LogLevel.Debug, "Connection from {Remote} sent no complete request head in time; closed")]
    private static partial void HeaderTimedOut(ILogger logger, string remote);
}

using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Text;
using Microsoft.AspNetCore.Connections;
using RadioServer.Configuration;
using RadioServer.Icecast;

namespace RadioServer.Tls;

/// <summary>
/// libshout's TLS "auto" mode (ezstream, DarkIce, Mixxx, IceS) first sends <c>OPTIONS * HTTP/1.1</c> with
/// <c>Connection: Upgrade</c> and <c>Upgrade: TLS/1.0, HTTP/1.1</c> (RFC 2817). With a certificate the station
/// upgrades in place: <c>101 Switching Protocols</c>, the TLS handshake on the same connection, then (RFC 2817 §3.3)
/// the answer to the <c>OPTIONS</c> inside TLS, an HTTP/1.1 200 with <c>Connection: Keep-Alive</c> that lets libshout
/// send its source request on this connection. Without a certificate it answers a plain 200 that closes the connection: libshout then connects
/// again in plain HTTP (Icecast 2.4.4 drops the connection instead, which libshout takes for "try TLS on the port").
/// </summary>
internal sealed partial class TlsUpgrade(StationOptions options, ILogger<TlsUpgrade> logger, CertificateStore? certificates = null)
{
    private const string Allow = "Allow: GET, HEAD, SOURCE, PUT, OPTIONS\r\n";

    /// <summary>True when the connection runs TLS (Kestrel's HTTPS, or upgraded in place here): its socket carries ciphertext.</summary>
    public static bool IsEncrypted(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Features, not Items: asking for a connection's Items creates them, and every plain listener is asked this.
        return connection.Features.Get<SslPipe>() is not null || connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is not null;
    }

    /// <summary>Whether <paramref name="head"/> is the RFC 2817 probe (<c>OPTIONS</c> asking to upgrade to TLS).</summary>
    public static bool IsProbe(HttpRequestHead head) =>
        head.Method == "OPTIONS"
        && head.Header("Upgrade") is { } upgrade && upgrade.Contains("TLS/1.", StringComparison.OrdinalIgnoreCase)
        && (head.Header("Connection") ?? "").Contains("upgrade", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Answers the probe. Returns true when the connection now runs TLS (its transport replaced by the decrypted one)
    /// and the caller should read the next request on it; false when the connection is done.
    /// </summary>
    public async Task<bool> AnswerAsync(ConnectionContext connection, string remote)
    {
        var output = connection.Transport.Output;
        if (certificates is null || IsEncrypted(connection))
        {
            // No certificate: no upgrade. Closing after the answer makes libshout reconnect and go on in plain HTTP.
            output.Write(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nServer: {options.ServerId}\r\nConnection: Close\r\n{Allow}Content-Length: 0\r\n\r\n"));
            await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
            UpgradeDeclined(logger, remote);
            return false;
        }

        output.Write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: TLS/1.0, HTTP/1.1\r\n\r\n"u8);
        await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
        var ssl = new SslStream(new DuplexPipeStream(connection.Transport), leaveInnerStreamOpen: false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await ssl.AuthenticateAsServerAsync(certificates.ServerOptions, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            UpgradeFailed(logger, remote, e.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        var pipe = new SslPipe(PipeReader.Create(ssl), PipeWriter.Create(ssl), ssl);
        connection.Transport = pipe;
        connection.Features.Set(pipe);
        // RFC 2817 §3.3: after the handshake the server answers the original request, now inside TLS. libshout 2.4.6
        // keeps the connection only when told "Keep-Alive" (else it reconnects, and upgrades again, forever).
        pipe.Output.Write(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nServer: {options.ServerId}\r\nConnection: Keep-Alive\r\n{Allow}Content-Length: 0\r\n\r\n"));
        await pipe.Output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
        Upgraded(logger, remote, ssl.SslProtocol.ToString());
        return true;
    }

    /// <summary>The decrypted transport of an upgraded connection; closing the connection disposes the TLS stream.</summary>
    private sealed class SslPipe(PipeReader input, PipeWriter output, SslStream ssl) : IDuplexPipe, IAsyncDisposable
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;

        public ValueTask DisposeAsync() => ssl.DisposeAsync();
    }

    /// <summary>Disposes the TLS stream of a connection this class upgraded (call when the connection is done).</summary>
    public static async ValueTask ReleaseAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<SslPipe>() is { } ssl)
        {
            connection.Features.Set<SslPipe>(null);
            await ssl.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(HostLogIds.Tls + 10, LogLevel.Information, "Source client {Remote} upgraded to TLS in place ({Protocol}, RFC 2817)")]
    private static partial void Upgraded(ILogger logger, string remote, string protocol);

    [LoggerMessage(HostLogIds.Tls + 11, LogLevel.Debug, "Source client {Remote} asked to upgrade to TLS; no certificate is configured, so it goes on in plain HTTP")]
    private static partial void UpgradeDeclined(ILogger logger, string remote);

    [LoggerMessage(HostLogIds.Tls + 12, LogLevel.Information, "TLS upgrade of {Remote} failed: {Reason}")]
    private static partial void UpgradeFailed(ILogger logger, string remote, string reason);
}

using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Net.Sockets;
using System.Text;
using RadioServer.Configuration;
using RadioServer.Playout.Monitoring;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mounts;
using RadioServer.Telemetry;

namespace RadioServer.Push;

/// <summary>
/// Sends mounts to external Icecast servers as a source client: <c>PUT</c> with Icecast's <c>ice-*</c> headers and
/// <c>Expect: 100-continue</c>, then the mount's encoded audio (read from its broadcast buffer like a listener, so
/// nothing is encoded twice), and title changes through the remote <c>/admin/metadata</c>. Reconnects with
/// exponential back-off (1 s doubling to 60 s) whenever the remote refuses or drops us, or does not answer within
/// <c>timeout_seconds</c>; a remote that stays down is logged once, not once per retry.
/// </summary>
internal sealed partial class IcecastPushService(StationOptions options, MountRegistry mounts, TimeProvider time, ILogger<IcecastPushService> logger,
    BackgroundFailures failureCount) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Push.Select(p => Task.Run(() => RunAsync(p, stoppingToken), stoppingToken)));

    private async Task RunAsync(PushOptions push, CancellationToken ct)
    {
        if (!mounts.TryGet(push.Mount, out var mount))
        {
            return;
        }

        // A remote that stays down is one warning, not one per retry; the "Pushing" line says when it works again.
        var failures = new FailureStreak(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await PushOnceAsync(push, mount, failures, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (FailureStreak.IsSurvivable(e, ct))
            {
                failureCount.Count("push");
                if (failures.Failed(e))
                {
                    PushFailed(logger, push.Mount, push.Url, e.Message, failures.Backoff.TotalSeconds);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(failures.Backoff, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PushOnceAsync(PushOptions push, Mount mount, FailureStreak failures, CancellationToken ct)
    {
        var url = new Uri(push.Url);
        string password = push.Password.Length > 0 ? push.Password : Environment.GetEnvironmentVariable("RADIOSERVER_PUSH_PASSWORD") ?? "";
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{push.User}:{password}"));
        var o = options;
        using var tcp = new TcpClient();
        Stream? stream = null;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, push.TimeoutSeconds));
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            // A remote that accepts and never answers must not hold the push forever.
            handshake.CancelAfter(timeout);
            try
            {
                await tcp.ConnectAsync(url.Host, url.Port, handshake.Token).ConfigureAwait(false);
                stream = await OpenStreamAsync(tcp, url, push, handshake.Token).ConfigureAwait(false);
                string head =
                    $"PUT {url.AbsolutePath} HTTP/1.1\r\nHost: {url.Authority}\r\nAuthorization: Basic {auth}\r\nUser-Agent: RadioServer\r\n" +
                    $"Content-Type: {mount.Options.ContentType}\r\nice-name: {o.Name}\r\nice-description: {o.Description}\r\nice-genre: {o.Genre}\r\n" +
                    $"ice-url: {o.Url}\r\nice-public: {(mount.Options.IsPublic(o.Public) ? 1 : 0)}\r\nice-audio-info: {mount.Options.AudioInfo}\r\nExpect: 100-continue\r\n\r\n";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(head), handshake.Token).ConfigureAwait(false);
                string status = await ReadStatusAsync(stream, handshake.Token).ConfigureAwait(false);
                if (status.Contains(" 100", StringComparison.Ordinal))
                {
                    status = await ReadStatusAsync(stream, handshake.Token).ConfigureAwait(false);
                }

                if (!status.Contains(" 200", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"remote answered '{status}'");
                }
            }
            catch (Exception e)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }

                if (e is OperationCanceledException && !ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no answer from {url.Authority} within {timeout.TotalSeconds:0} s", e);
                }

                throw;
            }
        }

        await using var _ = stream.ConfigureAwait(false);
        failures.Succeeded();
        PushConnected(logger, push.Mount, push.Url);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var titles = mount.Options.IsOgg ? Task.CompletedTask : ForwardTitlesAsync(url, auth, push, mount, stop.Token);
        var output = new PipeListenerOutput(PipeWriter.Create(stream));
        var end = await ListenerPump.RunAsync(output, mount.Buffer, new ListenerPumpOptions(0, TimeSpan.FromSeconds(mount.Options.QueueSeconds), time), null, null, ct).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await titles.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested(); // the station is stopping: not a failure of the remote
        throw new IOException(end == ListenerEnd.FellBehind ? "the remote server reads too slowly" : "the remote server closed the connection");
    }

    /// <summary>Icecast takes MP3 titles out of band; send each change as the audio of the new title is sent.</summary>
    private async Task ForwardTitlesAsync(Uri url, string auth, PushOptions push, Mount mount, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { SslOptions = ClientTls(url, push) };
        using var http = new HttpClient(handler);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", auth);
        string? sent = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                string title = mount.Encoder.CurrentTitle.Text;
                if (title.Length > 0 && title != sent)
                {
                    var admin = new Uri(url, $"/admin/metadata?mount={Uri.EscapeDataString(url.AbsolutePath)}&mode=updinfo&charset=UTF-8&song={Uri.EscapeDataString(title)}");
                    using var response = await http.GetAsync(admin, ct).ConfigureAwait(false);
                    sent = title;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (FailureStreak.IsSurvivable(e, CancellationToken.None))
        {
            // the audio connection decides about reconnecting (a title that cannot be sent is not worth a drop)
        }
    }

    private static async Task<string> ReadStatusAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 8192)
        {
            if (await stream.ReadAsync(one, ct).ConfigureAwait(false) == 0)
            {
                throw new IOException("the remote server closed the connection");
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                break;
            }
        }

        string text = Encoding.UTF8.GetString(head.ToArray());
        return text[..Math.Max(0, text.IndexOf('\r', StringComparison.Ordinal))];
    }

    /// <summary>The connection's stream; for an https:// URL, TLS to the remote (its name checked, its chain against the system's roots or <c>ca_certificate</c>).</summary>
    private static async Task<Stream> OpenStreamAsync(TcpClient tcp, Uri url, PushOptions push, CancellationToken ct)
    {
        Stream stream = tcp.GetStream();
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(ClientTls(url, push), ct).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"TLS to {url.Authority} failed: {e.Message}", e);
        }

        return ssl;
    }

    private static SslClientAuthenticationOptions ClientTls(Uri url, PushOptions push)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = url.IdnHost };
        if (push.CaCertificate.Length > 0)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(push.CaCertificate);
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, trusted);
        }

        return options;
    }

    /// <summary>Valid for the system, or its chain ends in one of <paramref name="trusted"/>; the name must match either way.</summary>
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    [LoggerMessage(HostLogIds.Push + 0, LogLevel.Information, "Pushing {Mount} to {Url}")]
    private static partial void PushConnected(ILogger logger, string mount, string url);

    [LoggerMessage(HostLogIds.Push + 1, LogLevel.Warning, "Push of {Mount} to {Url} failed: {Error}; retrying in {Seconds} s")]
    private static partial void PushFailed(ILogger logger, string mount, string url, string error, double seconds);
}

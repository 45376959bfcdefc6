using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RadioServer.Configuration;

namespace RadioServer.Tls;

/// <summary>
/// The station's current server certificate, as TLS options every handshake uses (Kestrel's HTTPS endpoints and the
/// RFC 2817 upgrade of source clients). The certificate and key files are watched: a change (certbot replaces the
/// files or the symlinks to them) is debounced, the new files are loaded and checked, and new handshakes use them
/// while connections already open keep theirs. A bad new file keeps the old certificate and is logged once.
/// </summary>
internal sealed partial class CertificateStore : IDisposable
{
    /// <summary>Renewals write several files one after the other; wait for the writes to settle.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly TlsOptions _tls;
    private readonly TimeProvider _time;
    private readonly ILogger<CertificateStore> _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _debounce;
    private readonly Lock _gate = new();
    private volatile SslServerAuthenticationOptions _options;
    private string? _lastFailure;

    public CertificateStore(TlsOptions tls, TimeProvider time, ILogger<CertificateStore> logger)
    {
        _tls = tls;
        _time = time;
        _logger = logger;
        var loaded = CertificateFiles.Load(tls.Certificate, tls.Key, tls.Password, time.GetUtcNow());
        _options = Build(loaded);
        Thumbprint = loaded.Leaf.Thumbprint;
        CertificateLoaded(logger, loaded.Leaf.Subject, loaded.Leaf.NotAfter.ToUniversalTime(), tls.Certificate);
        _debounce = time.CreateTimer(static s => ((CertificateStore)s!).Reload(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (string dir in new[] { tls.Certificate, tls.Key }.Where(f => f.Length > 0).Select(f => Path.GetDirectoryName(f)!).Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(dir)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.CreationTime | NotifyFilters.Size,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>The options for the next handshake (the current certificate with its chain, HTTP/1.1 only).</summary>
    public SslServerAuthenticationOptions ServerOptions => _options;

    /// <summary>The current certificate's SHA-1 thumbprint (hex).</summary>
    public string Thumbprint { get; private set; }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Loads the files again; keeps the current certificate when they do not make a valid one.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            CertificateFiles.Loaded loaded;
            try
            {
                loaded = CertificateFiles.Load(_tls.Certificate, _tls.Key, _tls.Password, _time.GetUtcNow());
            }
            catch (InvalidDataException e)
            {
                if (e.Message != _lastFailure)
                {
                    _lastFailure = e.Message;
                    ReloadFailed(_logger, e.Message);
                }

                return;
            }

            _lastFailure = null;
            if (loaded.Leaf.Thumbprint == Thumbprint)
            {
                return;
            }

            _options = Build(loaded);
            Thumbprint = loaded.Leaf.Thumbprint;
            CertificateReloaded(_logger, loaded.Leaf.Subject, loaded.Leaf.NotAfter.ToUniversalTime());
        }
    }

    private static SslServerAuthenticationOptions Build(CertificateFiles.Loaded loaded) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(loaded.Leaf, loaded.Intermediates, offline: true),
        // The Icecast connection middleware speaks HTTP/1.x on the decrypted bytes; HTTP/2 would bypass it.
        ApplicationProtocols = [SslApplicationProtocol.Http11],
        ClientCertificateRequired = false,
    };

    public void Dispose()
    {
        foreach (var w in _watchers)
        {
            w.Dispose();
        }

        _debounce.Dispose();
    }

    [LoggerMessage(HostLogIds.Tls + 0, LogLevel.Information, "TLS certificate {Subject} (expires {NotAfter:yyyy-MM-dd} UTC) loaded from {File}")]
    private static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter, string file);

    [LoggerMessage(HostLogIds.Tls + 1, LogLevel.Information, "TLS certificate reloaded: {Subject} (expires {NotAfter:yyyy-MM-dd} UTC); new connections use it, open ones keep theirs")]
    private static partial void CertificateReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(HostLogIds.Tls + 2, LogLevel.Warning, "TLS certificate files changed but were not loaded ({Reason}); still serving the previous certificate")]
    private static partial void ReloadFailed(ILogger logger, string reason);
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.NowPlaying;
using RadioServer.Streaming.Mounts;
using RadioServer.Telemetry;

namespace RadioServer.Directories;

/// <summary>
/// Lists the public mounts in every configured Icecast YP directory (<c>station.directories</c>) once the station
/// serves, touches them with the title on air and the listener counts (early on every <see cref="StationEventKind.SongChanged"/>),
/// and removes them as soon as the station is asked to stop, within <see cref="RemoveTimeout"/> so that a directory that
/// does not answer never holds up the stop. One <see cref="YpListing"/> per directory and mount; see docs/directories.md.
/// </summary>
internal sealed class DirectoryService(StationOptions options, MountRegistry mounts, NowPlayingService nowPlaying, StationEvents events, IServer server,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<DirectoryService> logger, BackgroundFailures failures) : BackgroundService
{
    /// <summary>How long the removals on stop may take together: well inside the station's 5 s stop budget.</summary>
    public static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(2);

    private volatile YpListing[] _listings = [];
    private HttpClient? _http;

    /// <summary>The listings (directories × public mounts) once the station serves; empty before or without directories.</summary>
    public IReadOnlyList<YpListing> Listings => _listings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Directories;
        if (o.YpUrls.Count == 0)
        {
            return;
        }

        var listed = mounts.All.Where(m => m.Options.IsPublic(options.Public)).OrderBy(m => m.Path, StringComparer.Ordinal).ToList();
        if (listed.Count == 0)
        {
            DirectoryLog.NothingPublic(logger, o.YpUrls.Count);
            return;
        }

        if (!await StartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        _http = new HttpClient(new SocketsHttpHandler { MaxAutomaticRedirections = 3, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each request has its own timeout on the injected clock (YpClient)
        };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd(options.ServerId);
        string listenBase = ListenBase(o.PublicUrl, options.Hostname, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], options.Listen);
        if (Uri.TryCreate(listenBase, UriKind.Absolute, out var listenUri) && listenUri.IsLoopback)
        {
            DirectoryLog.LoopbackListenUrl(logger, listenBase); // listed, but no listener elsewhere could play it
        }

        _listings = [.. from url in o.YpUrls
                        let client = new YpClient(_http, new Uri(url), timeout, time)
                        from mount in listed
                        select new YpListing(client, mount.Path, Describe(mount, listenBase), () => Status(mount), o, time, logger, failures.Count)];
        events.Follow(e =>
        {
            if (e.Kind == StationEventKind.SongChanged)
            {
                foreach (var listing in _listings)
                {
                    listing.TitleChanged();
                }
            }
        });

        // SIGTERM: the loops end and the removals go out as soon as the station is asked to stop (ApplicationStopping),
        // side by side with the listeners' goodbyes, not after the services stopped before this one; the host waits for
        // them at most until its own stop timeout, and they give up after RemoveTimeout anyway.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        await Task.WhenAll(_listings.Select(l => l.RunAsync(stop.Token))).ConfigureAwait(false);
        await Task.WhenAll(_listings.Select(l => l.RemoveAsync(RemoveTimeout, CancellationToken.None))).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _http?.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// The address listeners reach the station at: <paramref name="publicUrl"/> when set, else the station's
    /// <paramref name="hostname"/> with the scheme and port it listens on (plain HTTP preferred, as old players need it).
    /// </summary>
    internal static string ListenBase(string publicUrl, string hostname, IEnumerable<string> addresses, string listen)
    {
        if (publicUrl.Length > 0)
        {
            return publicUrl.TrimEnd('/');
        }

        var all = addresses.ToList();
        string bound = all.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? all.FirstOrDefault() ?? listen;
        int schemeEnd = bound.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd > 0 ? bound[..schemeEnd].ToLowerInvariant() : "http";
        string authority = (schemeEnd > 0 ? bound[(schemeEnd + 3)..] : bound).Split('/')[0];
        int colon = authority.LastIndexOf(':');
        string port = colon >= 0 && !authority.EndsWith(']') ? authority[(colon + 1)..] : "";
        bool defaultPort = (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
        return port.Length > 0 && !defaultPort && port.All(char.IsAsciiDigit) ? $"{scheme}://{hostname}:{port}" : $"{scheme}://{hostname}";
    }

    private YpStream Describe(Mount mount, string listenBase)
    {
        var m = mount.Options;
        return new YpStream(options.Name, options.Genre, options.Description, options.Url, listenBase + mount.Path, m.ContentType, m.IsOgg ? "Opus" : "MP3",
            m.Bitrate, m.AudioInfo);
    }

    private YpStatus Status(Mount mount)
    {
        int max = mount.Options.MaxListeners > 0 ? mount.Options.MaxListeners : options.MaxListeners > 0 ? options.MaxListeners : options.MaxConnections;
        return new YpStatus(nowPlaying.Current?.Text ?? "", mount.Listeners, max);
    }

    private async Task<bool> StartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = ct.Register(() => started.TrySetCanceled(ct));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RadioServer.Streaming.Hls;
using RadioServer.Telemetry;

namespace RadioServer.Hls;

/// <summary>
/// HLS listeners, as the origin sees them: a listener is a client (address and user agent) fetching one rendition's
/// playlist or segments; it counts while it keeps coming back (players reload the playlist every segment) and leaves
/// after <see cref="IdleAfter"/> without a request, when its session is logged, stored and counted out. Behind a cache
/// or CDN the origin sees the cache, not the listeners: their counts come from the cache's own logs (docs/hls.md).
/// </summary>
public sealed partial class HlsAudience : IDisposable
{
    /// <summary>Sessions one address may hold: a client cycling user agents must not mint listeners (or database rows).</summary>
    public const int MaxSessionsPerAddress = 32;

    private const int MaxUserAgent = 200;

    private readonly ConcurrentDictionary<(string Ip, string UserAgent, int Rendition), Session> _sessions = new();
    private readonly ConcurrentDictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private readonly HlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _sweep;
    private readonly long[] _peak;
    private readonly int[] _count;

    public HlsAudience(HlsOptions options, TimeProvider time, ILogger<HlsAudience> logger, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logger = logger;
        _peak = new long[options.Renditions.Count];
        _count = new int[options.Renditions.Count];
        IdleAfter = TimeSpan.FromSeconds(Math.Max(15, 3 * options.SegmentSeconds));
        _sweep = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        if (meters is not null)
        {
            var meter = meters.Create(MeterNames.Listeners);
            meter.CreateObservableUpDownCounter("radioserver_hls_listeners",
                () => options.Renditions.Select((r, i) => new Measurement<long>(Listeners(i), new KeyValuePair<string, object?>("rendition", r.Name))),
                description: "HLS listeners now (clients fetching a rendition within the last three segments), per rendition.");
        }
    }

    /// <summary>How long a listener may go without a request before it counts as gone.</summary>
    public TimeSpan IdleAfter { get; }

    /// <summary>Raised when a listener's session ends (on a timer thread): the rendition's playlist path, and the session.</summary>
    public event Action<HlsSession>? SessionEnded;

    public int Listeners(int rendition) => Volatile.Read(ref _count[rendition]);

    public int Total => _count.Sum();

    /// <summary>Most listeners of the rendition at once since start.</summary>
    public long Peak(int rendition) => Interlocked.Read(ref _peak[rendition]);

    /// <summary>A request for one of the rendition's playlists or segments, with the bytes it got.</summary>
    public void Seen(int rendition, string ip, string? userAgent, long bytes)
    {
        var now = _time.GetUtcNow();
        string agent = userAgent is null ? "" : userAgent.Length > MaxUserAgent ? userAgent[..MaxUserAgent] : userAgent;
        var key = (ip, agent, rendition);
        if (!_sessions.TryGetValue(key, out var session))
        {
            if (_perAddress.AddOrUpdate(ip, 1, static (_, n) => n + 1) > MaxSessionsPerAddress)
            {
                Release(ip);
                return;
            }

            var fresh = new Session(rendition, ip, agent, now);
            session = _sessions.GetOrAdd(key, fresh);
            if (ReferenceEquals(session, fresh))
            {
                Interlocked.Increment(ref _count[rendition]);
            }
            else
            {
                Release(ip);
            }
        }

        Interlocked.Add(ref session.Bytes, bytes);
        session.LastSeen = now;
        long count = Listeners(rendition);
        long peak;
        while (count > (peak = Interlocked.Read(ref _peak[rendition])) && Interlocked.CompareExchange(ref _peak[rendition], count, peak) != peak)
        {
        }
    }

    /// <summary>Ends the sessions idle past <see cref="IdleAfter"/> (every 5 s; tests call it).</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, session) in _sessions)
        {
            if (now - session.LastSeen > IdleAfter && _sessions.TryRemove(new KeyValuePair<(string, string, int), Session>(key, session)))
            {
                End(session, session.LastSeen);
            }
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var (key, session) in _sessions)
        {
            if (_sessions.TryRemove(key, out _))
            {
                End(session, _time.GetUtcNow());
            }
        }
    }

    private void Release(string ip)
    {
        if (_perAddress.AddOrUpdate(ip, 0, static (_, n) => n - 1) <= 0)
        {
            _perAddress.TryRemove(new KeyValuePair<string, int>(ip, 0));
        }
    }

    private void End(Session s, DateTimeOffset ended)
    {
        Interlocked.Decrement(ref _count[s.Rendition]);
        Release(s.Ip);
        string path = $"/hls/{_options.Renditions[s.Rendition].Name}.m3u8";
        Left(_logger, path, (ended - s.Started).TotalSeconds, Interlocked.Read(ref s.Bytes));
        SessionEnded?.Invoke(new HlsSession(path, s.Ip, s.UserAgent.Length > 0 ? s.UserAgent : null, s.Started, ended, Interlocked.Read(ref s.Bytes)));
    }

    [LoggerMessage(HostLogIds.Hls + 0, LogLevel.Debug, "HLS listener left {Path} after {Seconds:0} s, {Bytes} bytes")]
    private static partial void Left(ILogger logger, string path, double seconds, long bytes);

    private sealed class Session(int rendition, string ip, string userAgent, DateTimeOffset started)
    {
        public int Rendition { get; } = rendition;

        public string Ip { get; } = ip;

        public string UserAgent { get; } = userAgent;

        public DateTimeOffset Started { get; } = started;

        public long Bytes;

        public DateTimeOffset LastSeen = started;
    }
}

/// <summary>An HLS listener's ended session: the rendition's playlist path, who, from when to when, and the bytes fetched.</summary>
public sealed record HlsSession(string Path, string Ip, string? UserAgent, DateTimeOffset Started, DateTimeOffset Ended, long Bytes);

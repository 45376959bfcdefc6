using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using RadioServer.Streaming.Mounts;
using RadioServer.Telemetry;

namespace RadioServer.Listeners;

/// <summary>
/// Listener metrics, published on the <c>RadioServer.Listeners</c> meter: listeners now and the peak (read from
/// each <see cref="Mount"/>), connects, disconnects by reason, refusals by reason, and audio bytes out (of
/// listeners that left plus those still connected). Every mount × reason series exists from the start, zeros
/// included. Events cost one <see cref="Interlocked"/> add; the instruments are observable and read the counters
/// only when scraped, so nothing runs on the audio path.
/// </summary>
public sealed class ListenerMetrics
{
    /// <summary>Why a listener left: it closed (or the server stopped), it fell behind and was dropped, an admin killed it.</summary>
    public static readonly string[] DisconnectReasons = ["closed", "fell_behind", "killed"];

    /// <summary>Why a listener was refused (Icecast's 403s).</summary>
    public static readonly string[] RejectReasons = ["mount_full", "server_full", "per_ip_limit"];

    private readonly ConcurrentDictionary<string, StrongBox<long>> _connects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Mount, string Reason), StrongBox<long>> _disconnects = new();
    private readonly ConcurrentDictionary<(string Mount, string Reason), StrongBox<long>> _rejects = new();
    private readonly Dictionary<string, long> _bytesOfEnded = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ListenerSession> _live = [];
    private readonly Lock _bytes = new(); // a leaving listener's bytes move from live to ended in one step
    private readonly Mount[] _mounts;

    public ListenerMetrics(IMeterFactory meters, MountRegistry mounts)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(mounts);
        _mounts = [.. mounts.All.Where(static m => !m.Options.Hidden).OrderBy(m => m.Path, StringComparer.Ordinal)]; // /metrics is as public as the status page: hidden mounts stay out
        var meter = meters.Create(MeterNames.Listeners);
        meter.CreateObservableUpDownCounter("radioserver_listeners", () => PerMount(m => (long)m.Listeners),
            description: "Listeners connected now, per mount.");
        meter.CreateObservableGauge("radioserver_listener_peak", () => PerMount(m => (long)m.ListenerPeak),
            description: "Most listeners at once since start, per mount.");
        meter.CreateObservableCounter("radioserver_listener_connects", () => PerMount(m => Connects(m.Path)),
            description: "Listeners admitted, per mount.");
        meter.CreateObservableCounter("radioserver_listener_disconnects", () => PerMountAndReason(DisconnectReasons, Disconnects),
            description: "Listeners that left, per mount and reason (closed, fell_behind = dropped for reading too slowly, killed by an admin).");
        meter.CreateObservableCounter("radioserver_listener_rejections", () => PerMountAndReason(RejectReasons, Rejects),
            description: "Listeners refused with 403, per mount and reason.");
        meter.CreateObservableCounter("radioserver_bytes_out", BytesOut,
            description: "Audio bytes written to listeners (ICY metadata not counted), per mount.");
    }

    /// <summary>Counts an admitted listener in; its bytes count towards <c>radioserver_bytes_out_total</c> while it listens.</summary>
    public void Connected(ListenerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Interlocked.Increment(ref Box(_connects, session.Mount.Path).Value);
        lock (_bytes)
        {
            _live[session.Id] = session;
        }
    }

    /// <summary>Counts a listener out, on the mount it was last on (admins may move listeners).</summary>
    public void Disconnected(ListenerSession session, string reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        string mount = session.Mount.Path;
        Interlocked.Increment(ref Box(_disconnects, (mount, reason)).Value);
        lock (_bytes)
        {
            _live.Remove(session.Id);
            _bytesOfEnded[mount] = _bytesOfEnded.GetValueOrDefault(mount) + session.Bytes;
        }
    }

    public void Rejected(string mount, string reason) => Interlocked.Increment(ref Box(_rejects, (mount, reason)).Value);

    public long Connects(string mount) => Read(_connects, mount);

    public long Disconnects(string mount, string reason) => Read(_disconnects, (mount, reason));

    public long Rejects(string mount, string reason) => Read(_rejects, (mount, reason));

    private List<Measurement<long>> BytesOut()
    {
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        lock (_bytes)
        {
            foreach (var (mount, ended) in _bytesOfEnded)
            {
                bytes[mount] = ended;
            }

            foreach (var session in _live.Values)
            {
                string mount = session.Mount.Path;
                bytes[mount] = bytes.GetValueOrDefault(mount) + session.Bytes;
            }
        }

        return PerMount(m => bytes.GetValueOrDefault(m.Path));
    }

    private List<Measurement<long>> PerMount(Func<Mount, long> value) =>
        [.. _mounts.Select(m => new Measurement<long>(value(m), new KeyValuePair<string, object?>("mount", m.Path)))];

    private List<Measurement<long>> PerMountAndReason(string[] reasons, Func<string, string, long> value) =>
        [.. _mounts.SelectMany(m => reasons.Select(r => new Measurement<long>(value(m.Path, r),
            new KeyValuePair<string, object?>("mount", m.Path), new KeyValuePair<string, object?>("reason", r))))];

    private static StrongBox<long> Box<TKey>(ConcurrentDictionary<TKey, StrongBox<long>> map, TKey key)
        where TKey : notnull => map.GetOrAdd(key, static _ => new StrongBox<long>());

    private static long Read<TKey>(ConcurrentDictionary<TKey, StrongBox<long>> map, TKey key)
        where TKey : notnull => map.TryGetValue(key, out var box) ? Interlocked.Read(ref box.Value) : 0;
}

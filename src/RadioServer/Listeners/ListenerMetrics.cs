using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

using RadioServer.Streaming.Mounts;

namespace RadioServer.Listeners;

/// <summary>
/// Listener counters for <c>/metrics</c>: connects, disconnects by reason, refusals by reason, and the audio
/// bytes of listeners that have left (live listeners' bytes are added at scrape time). Lock-free: one
/// <see cref="Interlocked"/> add per event, nothing on the audio path.
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
    private readonly ConcurrentDictionary<string, StrongBox<long>> _bytesOfEnded = new(StringComparer.Ordinal);

    public void Connected(string mount) => Interlocked.Increment(ref Box(_connects, mount).Value);

    public void Disconnected(string mount, string reason, long bytes)
    {
        Interlocked.Increment(ref Box(_disconnects, (mount, reason)).Value);
        Interlocked.Add(ref Box(_bytesOfEnded, mount).Value, bytes);
    }

    public void Rejected(string mount, string reason) => Interlocked.Increment(ref Box(_rejects, (mount, reason)).Value);

    public long Connects(string mount) => Read(_connects, mount);

    public long Disconnects(string mount, string reason) => Read(_disconnects, (mount, reason));

    public long Rejects(string mount, string reason) => Read(_rejects, (mount, reason));

    /// <summary>Audio bytes sent to listeners of <paramref name="mount"/> that have since left.</summary>
    public long BytesOfEnded(string mount) => Read(_bytesOfEnded, mount);

    private static StrongBox<long> Box<TKey>(ConcurrentDictionary<TKey, StrongBox<long>> map, TKey key)
        where TKey : notnull => map.GetOrAdd(key, static _ => new StrongBox<long>());

    private static long Read<TKey>(ConcurrentDictionary<TKey, StrongBox<long>> map, TKey key)
        where TKey : notnull => map.TryGetValue(key, out var box) ? Interlocked.Read(ref box.Value) : 0;
}

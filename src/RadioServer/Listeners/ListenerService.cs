using System.Collections.Concurrent;
using RadioServer.Configuration;
using RadioServer.Safety;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Listeners;

/// <summary>
/// Admits and serves listeners, whatever the transport (raw Icecast-framed connection or ASP.NET response):
/// enforces the listener limits, keeps the live sessions (for listclients, killclient, moveclients), pumps
/// audio with the burst and ICY metadata, and logs and access-logs how each one ended.
/// </summary>
public sealed partial class ListenerService(
    StationOptions station, AccessLog accessLog, ILogger<ListenerService> logger, IHostApplicationLifetime lifetime, TimeProvider time,
    ListenerMetrics metrics, ClientAddresses addresses)
{
    private readonly ConcurrentDictionary<long, ListenerSession> _sessions = StoppedOnShutdown(lifetime.ApplicationStopping);
    private readonly Lock _admit = new();
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal); // under _admit: a count per address, not a scan of every session per admission
    private long _nextId;

    public IEnumerable<ListenerSession> Sessions => _sessions.Values.OrderBy(s => s.Id);

    public int Count => _sessions.Count;

    /// <summary>Raised when a listener has left, with why (<c>closed</c>, <c>fell_behind</c>, <c>killed</c>) and when.</summary>
    public event Action<ListenerSession, string, DateTimeOffset>? SessionEnded;

    /// <summary>
    /// Admits a listener or says why not, with Icecast's 403 body (<c>max listeners reached</c>, <c>Icecast
    /// connection limit reached</c>). The check and the registration are one step, so limits hold under races.
    /// </summary>
    public ListenerSession? TryAdmit(Mount mount, string ip, string? userAgent, string request, string? referrer, out string? rejection)
    {
        ArgumentNullException.ThrowIfNull(mount);
        lock (_admit)
        {
            rejection =
                mount.Options.MaxListeners > 0 && mount.Listeners >= mount.Options.MaxListeners ? "max listeners reached"
                : station.MaxListeners > 0 && _sessions.Count >= station.MaxListeners ? "Icecast connection limit reached"
                : station.MaxConnectionsPerIp > 0 && _perAddress.GetValueOrDefault(ip) >= station.MaxConnectionsPerIp ? "too many connections from your address"
                : null;
            if (rejection is not null)
            {
                metrics.Rejected(mount.Path, rejection switch
                {
                    "max listeners reached" => "mount_full",
                    "Icecast connection limit reached" => "server_full",
                    _ => "per_ip_limit",
                });
                ListenerRejected(logger, mount.Path, addresses.Written(ip), rejection);
                accessLog.Write(AccessLog.Format(addresses.Written(ip), time.GetUtcNow(), request, 403, 0, referrer, userAgent, 0));
                return null;
            }

            long id = Interlocked.Increment(ref _nextId);
            var session = new ListenerSession(id, mount, ip, userAgent, request, referrer, time.GetUtcNow(), time.GetTimestamp());
            _sessions[id] = session;
            _perAddress[ip] = _perAddress.GetValueOrDefault(ip) + 1;
            return session;
        }
    }

    public ListenerSession? Find(long id) => _sessions.TryGetValue(id, out var s) ? s : null;

    /// <summary>
    /// Serves an admitted listener until it leaves, is killed, falls behind or the server stops; sends
    /// <paramref name="responseHead"/> (when the transport has not), and whatever the caller already added to
    /// <paramref name="output"/>, at once, before the mount has audio. Disposes <paramref name="output"/> (when it is
    /// disposable) once the listener is gone.
    /// </summary>
    internal async Task ServeAsync(ListenerSession session, ListenerOutput output, ReadOnlyMemory<byte> responseHead, bool icyMetadata, CancellationToken connectionClosed)
    {
        var mount = session.Mount;
        var onClosed = default(CancellationTokenRegistration);
        ListenerEnd end;
        try
        {
            // One stop signal per listener, the session's own (killed, closed or stopping): no linked token source. The
            // server's stopping stops every session at once (StoppedOnShutdown): one registration, not one per listener.
            onClosed = connectionClosed.UnsafeRegister(static s => ((ListenerSession)s!).Stop(), session);
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                session.Stop(); // admitted as the server began stopping: the sessions it stopped may not have held this one
            }

            var stop = session.Stopping;
            ListenerConnected(logger, session.Id, mount.Path, addresses.Written(session.Ip), session.UserAgent ?? "unknown", mount.Listeners);
            metrics.Connected(session);
            var icy = icyMetadata && !mount.Options.IsOgg ? new IcyInterleaver(mount.Options.MetaInt, mount.Options.Latin1Titles) : null;
            var pumpOptions = new ListenerPumpOptions(mount.Options.BurstBytes, TimeSpan.FromSeconds(mount.Options.QueueSeconds), time);
            output.Add(responseHead);
            end = await output.SendAsync(pumpOptions.MaxLag, time, stop).ConfigureAwait(false) switch
            {
                ListenerSend.Closed => ListenerEnd.Closed,
                ListenerSend.TooSlow => ListenerEnd.FellBehind,
                _ => await ListenerPump.RunAsync(output, session, pumpOptions, icy, stop).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            end = ListenerEnd.Closed;
        }
        finally
        {
            onClosed.Dispose();
            (output as IDisposable)?.Dispose();
            Forget(session);
        }

        double seconds = time.GetElapsedTime(session.StartTimestamp).TotalSeconds;
        if (end == ListenerEnd.FellBehind)
        {
            ListenerDropped(logger, session.Id, session.Mount.Path, addresses.Written(session.Ip), mount.Options.QueueSeconds);
        }

        bool killed = session.WasKilled;
        ListenerLeft(logger, session.Id, session.Mount.Path, addresses.Written(session.Ip), seconds, session.Bytes, killed ? "killed by admin" : end.ToString());
        string reason = killed ? "killed" : end == ListenerEnd.FellBehind ? "fell_behind" : "closed";
        metrics.Disconnected(session, reason);
        SessionEnded?.Invoke(session, reason, session.Connected + TimeSpan.FromSeconds(seconds));
        accessLog.Write(AccessLog.Format(addresses.Written(session.Ip), session.Connected, session.Request, 200, session.Bytes, session.Referrer, session.UserAgent, (long)seconds));
        session.Dispose();
    }

    /// <summary>The live sessions, each stopped when the server begins to stop.</summary>
    private static ConcurrentDictionary<long, ListenerSession> StoppedOnShutdown(CancellationToken stopping)
    {
        var sessions = new ConcurrentDictionary<long, ListenerSession>();
        stopping.UnsafeRegister(static s =>
        {
            foreach (var session in ((ConcurrentDictionary<long, ListenerSession>)s!).Values)
            {
                try
                {
                    session.Stop();
                }
                catch (AggregateException)
                {
                    // A callback on that listener's stop failed (its connection's abort); the others must still stop.
                }
            }
        }, sessions);
        return sessions;
    }

    /// <summary>Releases an admitted listener that failed before <see cref="ServeAsync"/> (its response could not start).</summary>
    internal void Abandon(ListenerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Forget(session);
        session.Dispose();
    }

    /// <summary>Takes the session out of the live list and its address's count.</summary>
    private void Forget(ListenerSession session)
    {
        lock (_admit)
        {
            if (_sessions.TryRemove(session.Id, out _)
                && --System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_perAddress, session.Ip) == 0)
            {
                _perAddress.Remove(session.Ip);
            }
        }
    }

    [LoggerMessage(HostLogIds.Listeners + 0, LogLevel.Information, "Listener {Id} connected to {Mount} from {Ip} ({UserAgent}); {Listeners} listening")]
    private static partial void ListenerConnected(ILogger logger, long id, string mount, string ip, string userAgent, int listeners);

    [LoggerMessage(HostLogIds.Listeners + 1, LogLevel.Information, "Listener {Id} left {Mount} ({Ip}) after {Seconds:F1} s, {Bytes} audio bytes ({How})")]
    private static partial void ListenerLeft(ILogger logger, long id, string mount, string ip, double seconds, long bytes, string how);

    [LoggerMessage(HostLogIds.Listeners + 2, LogLevel.Warning, "Listener {Id} on {Mount} ({Ip}) fell more than {QueueSeconds} s behind and was dropped")]
    private static partial void ListenerDropped(ILogger logger, long id, string mount, string ip, double queueSeconds);

    [LoggerMessage(HostLogIds.Listeners + 3, LogLevel.Information, "Listener from {Ip} refused on {Mount}: {Reason}")]
    private static partial void ListenerRejected(ILogger logger, string mount, string ip, string reason);
}

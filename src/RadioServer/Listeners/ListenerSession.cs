using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Listeners;

/// <summary>
/// One connected listener: who it is, which mount it hears (an admin may move it), how much it got. It is also what
/// the listener's pump reads from and counts into (<see cref="IListenerFeed"/>).
/// </summary>
public sealed class ListenerSession : IListenerFeed, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new(); // the listener's one stop signal: killed, connection closed or server stopping
    private volatile bool _killed;
    private Mount _mount;
    private bool _left; // under _lock: counted out of its mount
    private long _bytes;

    internal ListenerSession(long id, Mount mount, string ip, string? userAgent, string request, string? referrer, DateTimeOffset connected, long startTimestamp)
    {
        Id = id;
        _mount = mount;
        mount.AddListener();
        Ip = ip;
        UserAgent = userAgent;
        Request = request;
        Referrer = referrer;
        Connected = connected;
        StartTimestamp = startTimestamp;
    }

    public long Id { get; }

    public string Ip { get; }

    public string? UserAgent { get; }

    /// <summary>The request line as received, for the access log.</summary>
    public string Request { get; }

    public string? Referrer { get; }

    public DateTimeOffset Connected { get; }

    public long StartTimestamp { get; }

    public Mount Mount => Volatile.Read(ref _mount);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Cancelled when the listener is to stop: an admin killed it (<see cref="WasKilled"/>), or <see cref="Stop"/>.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Whether an admin killed the listener.</summary>
    public bool WasKilled => _killed;

    BroadcastBuffer IListenerFeed.Buffer => Mount.Buffer;

    void IListenerFeed.Sent(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void Kill()
    {
        _killed = true;
        Stop();
    }

    /// <summary>Ends the listener's stream (its connection closed, or the server is stopping); safe after disposal.</summary>
    internal void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already served and gone
        }
    }

    /// <summary>Moves the listener to <paramref name="target"/>: its count moves too; audio continues there on the same connection.</summary>
    public void MoveTo(Mount target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            if (_mount == target || _left)
            {
                return;
            }

            _mount.RemoveListener();
            target.AddListener();
            Volatile.Write(ref _mount, target);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_left)
            {
                _left = true;
                _mount.RemoveListener();
            }
        }

        _stop.Dispose();
    }
}

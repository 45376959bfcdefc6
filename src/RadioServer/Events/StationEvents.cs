using RadioServer.Playout;

namespace RadioServer.Events;

/// <summary>
/// Where the station's events meet their followers: the parts that know an event happened publish it here (now-playing
/// for items and titles, source ingest for presenters, the dead-air watchdog, the host's lifetime), and webhooks,
/// recorders and the directory listing subscribe. Publishing happens on the thread that saw the event, often the
/// playout thread: a follower only records or queues what it needs and returns at once, and a follower that throws
/// is cut out of that one event, never the publisher.
/// </summary>
public sealed partial class StationEvents
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string>? _failure;
    private readonly Lock _lock = new();
    private volatile Action<StationEvent>[] _followers = [];
    private int _stoppingAnnounced;

    public StationEvents(StationPlayout playout, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<StationEvents> logger, Action<string>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(playout);
        ArgumentNullException.ThrowIfNull(lifetime);
        _time = time;
        _logger = logger;
        _failure = failure;
        playout.DeadAir.StateChanged += (dead, seconds) =>
            Publish(new StationEvent(dead ? StationEventKind.DeadAir : StationEventKind.DeadAirEnded, Now) { Seconds = Math.Round(seconds, 1) });
        lifetime.ApplicationStarted.Register(() => Publish(new StationEvent(StationEventKind.StationStarted, Now)));
        lifetime.ApplicationStopping.Register(AnnounceStopping);
    }

    /// <summary>The time an event happening now carries.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Adds <paramref name="follower"/>; it sees every event published from now on, on the publisher's thread.</summary>
    public void Follow(Action<StationEvent> follower)
    {
        ArgumentNullException.ThrowIfNull(follower);
        lock (_lock)
        {
            _followers = [.. _followers, follower];
        }
    }

    /// <summary>
    /// Publishes <see cref="StationEventKind.StationStopping"/> once: on <c>ApplicationStopping</c>, or earlier when a
    /// follower that must see it before it stops (webhooks) asks first, since the host may call services' stopping
    /// hooks before it signals the application lifetime.
    /// </summary>
    public void AnnounceStopping()
    {
        if (Interlocked.Exchange(ref _stoppingAnnounced, 1) == 0)
        {
            Publish(new StationEvent(StationEventKind.StationStopping, Now));
        }
    }

    /// <summary>Tells every follower about <paramref name="e"/>.</summary>
    public void Publish(StationEvent e)
    {
        foreach (var follower in _followers)
        {
            try
            {
                follower(e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A follower's bug must not reach the playout thread; followers catch their own faults, so this is rare.
                FollowerFailed(_logger, e.Name, ex);
                _failure?.Invoke("station_events");
            }
        }
    }

    [LoggerMessage(HostLogIds.Events + 0, LogLevel.Error, "A follower of the station's events failed on {Event}")]
    private static partial void FollowerFailed(ILogger logger, string @event, Exception exception);
}

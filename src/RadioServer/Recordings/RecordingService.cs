using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Recordings;

/// <summary>
/// Decides what is recorded and when, from the station's events: a live show from <c>live_connected</c> to the
/// hand-back after <c>live_disconnected</c>; each item of a recorded playlist kind from its <c>song_changed</c> to the next
/// item's; and the scheduled recordings at their cron times (station zone). Each recording follows the configured
/// mount's broadcast buffer (<see cref="ActiveRecording"/>) and goes to the disk through the <see cref="RecordingWriter"/>.
/// Event handlers run on the publisher's thread (often the playout thread): they only start or stop followers.
/// </summary>
public sealed partial class RecordingService : IHostedService, IDisposable
{
    /// <summary>How far past an item's start (and end) its title change is looked for: the chunk length and LAME's delay fit well within.</summary>
    public static readonly TimeSpan ItemWindow = TimeSpan.FromSeconds(2);

    /// <summary>How long stopping waits for the recordings to be finished on the disk (the station's whole shutdown has 5 s).</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(1.5);

    private readonly RecordingsOptions _options;
    private readonly BroadcastBuffer _buffer;
    private readonly RecordingWriter _writer;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly ILogger _logger;
    private readonly Func<DateTimeOffset, string?> _scheduleShow;
    private readonly Func<DateTimeOffset?> _currentItemStart;
    private readonly TimeSpan _liveStartWindow;
    private readonly TimeSpan _liveStopWindow;
    private readonly string _stationName;
    private readonly Lock _lock = new();
    private readonly List<ActiveRecording> _active = [];
    private readonly CancellationTokenSource _stopping = new();
    private ActiveRecording? _live;
    private ActiveRecording? _item;
    private DateTimeOffset? _itemStart;
    private ITimer? _retention;
    private Task _scheduled = Task.CompletedTask;

    /// <param name="scheduleShow">The show the schedule has on at a time (a daypart's name), for a live source without an <c>ice-name</c>.</param>
    /// <param name="currentItemStart">When the item on air started (a title update keeps it, a new item changes it).</param>
    public RecordingService(StationOptions options, MountRegistry mounts, StationEvents events, RecordingWriter writer, TimeProvider time,
        ILogger<RecordingService> logger, Func<DateTimeOffset, string?>? scheduleShow = null, Func<DateTimeOffset?>? currentItemStart = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mounts);
        ArgumentNullException.ThrowIfNull(events);
        _options = options.Recordings;
        _buffer = mounts.TryGet(_options.Mount, out var mount) ? mount.Buffer : throw new ArgumentException($"no mount {_options.Mount}", nameof(mounts));
        _writer = writer;
        _time = time;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _logger = logger;
        _stationName = options.Name;
        _scheduleShow = scheduleShow ?? (_ => null);
        _currentItemStart = currentItemStart ?? (() => null);

        // Live audio reaches the air after the prebuffer, and after a hang-up what was buffered (up to the prebuffer and
        // 2 s more) still plays before the fade back.
        var prebuffer = TimeSpan.FromMilliseconds(options.Live.PrebufferMilliseconds);
        _liveStartWindow = prebuffer + TimeSpan.FromSeconds(2);
        _liveStopWindow = prebuffer + TimeSpan.FromMilliseconds(options.Live.CrossfadeMilliseconds) + TimeSpan.FromSeconds(4);
        events.Follow(OnEvent);
    }

    /// <summary>The finished recordings.</summary>
    public RecordingCatalog Catalog => _writer.Catalog;

    /// <summary>The recordings in progress.</summary>
    public IReadOnlyList<ActiveRecording> Active
    {
        get
        {
            lock (_lock)
            {
                return [.. _active];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _retention = _time.CreateTimer(static w => ((RecordingWriter)w!).Prune(), _writer, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var started = _time.GetUtcNow(); // read here, not on the loop's thread: a late thread must not skip a time due meanwhile
        _scheduled = _options.Scheduled.Count > 0 ? Task.Run(() => ScheduleLoopAsync(started, _stopping.Token), CancellationToken.None) : Task.CompletedTask;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts no recording from now on, ends every recording at what has aired and waits (up to <see cref="StopWait"/>,
    /// or until <paramref name="cancellationToken"/>) for the files to be finished; what is left then is the writer's to
    /// end when it is disposed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var active = Active; // none can start now (Begin looks at _stopping under the lock)
        foreach (var recording in active)
        {
            recording.Stop();
        }

        var finished = Task.WhenAll(active.Select(r => (Task)r.File.Finished).Append(_scheduled));
        await Task.WhenAny(finished, Task.Delay(StopWait, _time, cancellationToken)).ConfigureAwait(false);
    }

    private void OnEvent(StationEvent e)
    {
        if (_stopping.IsCancellationRequested)
        {
            return; // the playout runs on after the recorder stops: a recording begun now could never be finished
        }

        switch (e.Kind)
        {
            case StationEventKind.LiveConnected when _options.Live:
                string show = e.Show ?? _scheduleShow(e.At) ?? $"Live with {e.Presenter}";
                lock (_lock)
                {
                    _live?.Stop(_liveStopWindow);
                    // The title listeners get when the show goes on air (as source ingest sets it).
                    string onAir = StreamTitle.Sanitize(e.Show ?? $"Live with {e.Presenter}");
                    _live = Begin(RecordingKind.Live, show, e.Presenter ?? "", null, e.At, _liveStartWindow, null, t => t.Title == onAir);
                }

                break;
            case StationEventKind.LiveDisconnected:
                lock (_lock)
                {
                    _live?.Stop(_liveStopWindow);
                    _live = null;
                }

                break;
            case StationEventKind.SongChanged:
                OnSongChanged(e);
                break;
        }
    }

    private void OnSongChanged(StationEvent e)
    {
        var start = _currentItemStart();
        lock (_lock)
        {
            if (_item is not null && (start is null ? e.Role is not null : start != _itemStart))
            {
                _item.Stop(ItemWindow); // the next item: a title update of the same one keeps its start
                _item = null;
            }

            if (e.Role is { } role && _options.Kinds.Contains(role, StringComparer.Ordinal))
            {
                _itemStart = start ?? e.At;
                _item = Begin(RecordingKind.Item, e.Title ?? e.Text ?? role, e.Artist ?? _stationName, role, e.At, ItemWindow, null,
                    t => t.Text == e.Text || (e.Title is not null && t.Title == e.Title));
            }
        }
    }

    /// <summary>Starts a recording of the mount from now (call under the lock); null once the recorder is stopping.</summary>
    private ActiveRecording? Begin(RecordingKind kind, string show, string presenter, string? role, DateTimeOffset started, TimeSpan startWindow, TimeSpan? length,
        Func<StreamTitle, bool>? startTitle = null)
    {
        if (_stopping.IsCancellationRequested)
        {
            return null;
        }

        var info = new RecordingInfo
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Show = show,
            Presenter = presenter,
            Role = role,
            Mount = _options.Mount,
            StartedUtc = started,
            StartedLocal = TimeZoneInfo.ConvertTime(started, _zone),
        };
        var recording = new ActiveRecording(_buffer, _writer.Begin(info), _writer, startWindow, length, startTitle);
        _active.Add(recording);
        recording.Start().Completion.ContinueWith(_ => Forget(recording), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return recording;
    }

    private void Forget(ActiveRecording recording)
    {
        lock (_lock)
        {
            _active.Remove(recording);
        }
    }

    public void Dispose()
    {
        _retention?.Dispose();
        _stopping.Dispose();
    }
}

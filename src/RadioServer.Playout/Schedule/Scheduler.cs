using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// The station's schedule as an <see cref="IItemSelector"/>: answers "what starts at air time T" from the schedule
/// and the history of what aired. Pure logic: no I/O, no sleeping, no clock of its own (every time comes in as an
/// air time). Priority, highest first: hard inserts, soft inserts, station IDs, operator requests, the rotation in
/// force (date override, else daypart, else default rotation), the fallback playlist. Called on the playout thread
/// only, except <see cref="Request"/>.
/// </summary>
public sealed partial class Scheduler : IItemSelector
{
    private readonly ScheduleDefinition _schedule;
    private readonly TrackCatalog _catalog;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly PlayHistory _history;
    private readonly Dictionary<string, TrackRotation> _rotations = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<WeightedPlaylist>, int[]> _weights = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<InsertRule, DateTimeOffset> _pending = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<TrackInfo> _requests = new();
    private readonly HashSet<string> _relaxedLogged = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Playlist, string Path), TransitionSettings> _itemTransitions = [];
    private DateTimeOffset? _lastPick;
    private (PlayoutItem Item, PickKind Kind)? _lastDecision;
    private (string Name, DateTimeOffset Due)? _lastHardInsert;

    public Scheduler(ScheduleDefinition schedule, TrackCatalog catalog, ILogger? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(catalog);
        _schedule = schedule;
        _catalog = catalog;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? new Random();
        var longest = schedule.Playlists.Values.Select(p => p is null ? TimeSpan.Zero : Max(p.TitleWindow, p.ArtistWindow)).DefaultIfEmpty(TimeSpan.Zero).Max();
        _history = new PlayHistory(longest);
        foreach (var (name, playlist) in schedule.Playlists)
        {
            _rotations[name] = new TrackRotation(playlist, catalog.TracksOf(name), _random);
        }

        foreach (var missing in catalog.Missing)
        {
            ScheduleLog.EntryMissing(_logger, missing);
        }

        ResolveItemTransitions();
        TransitionReach = schedule.Playlists.Values.Where(p => p?.Transition is not null).Select(p => p!.Transition!.Reach)
            .Concat(_itemTransitions.Values.Select(t => t.Reach)).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>The longest reach of the playlists' and items' transition settings (the station's own are the engine's).</summary>
    public TimeSpan TransitionReach { get; }

    /// <summary>Each track's transition settings: its own entry under the playlist's <c>items</c>, over the playlist's.</summary>
    private void ResolveItemTransitions()
    {
        foreach (var (name, playlist) in _schedule.Playlists)
        {
            if (playlist is null)
            {
                continue;
            }

            var tracks = _catalog.TracksOf(name);
            foreach (var (key, settings) in playlist.Items ?? new Dictionary<string, TransitionSettings>())
            {
                string suffix = "/" + key.Replace('\\', '/').TrimStart('/');
                var matches = tracks.Where(t => t.Path.Replace('\\', '/').EndsWith(suffix, StringComparison.Ordinal)).ToList();
                if (matches.Count == 0)
                {
                    ScheduleLog.ItemSettingsUnmatched(_logger, name, key);
                }

                foreach (var track in matches)
                {
                    _itemTransitions[(name, track.Path)] = settings.Over(playlist.Transition);
                }
            }
        }
    }

    /// <summary>An item of playlist <paramref name="playlist"/> with its transition settings.</summary>
    private PlayoutItem Item(string? playlist, TrackInfo track, string why)
    {
        playlist ??= _schedule.Playlists.Keys.FirstOrDefault(p => _catalog.TracksOf(p).Any(t => t.Path == track.Path));
        TransitionSettings? transition = null;
        if (playlist is not null && !_itemTransitions.TryGetValue((playlist, track.Path), out transition))
        {
            transition = _schedule.Playlists.TryGetValue(playlist, out var definition) ? definition?.Transition : null;
        }

        return new PlayoutItem(track, why, Transition: transition);
    }

    /// <summary>
    /// Loads <paramref name="path"/> (throws <see cref="ScheduleFileException"/> listing every error) and reads its
    /// playlists; entries that do not exist are logged and left out.
    /// </summary>
    public static Scheduler FromFile(string path, ILogger? logger = null, Random? random = null)
    {
        var schedule = ScheduleLoader.Load(path);
        return new Scheduler(schedule, TrackCatalog.Load(schedule), logger, random);
    }

    /// <summary>
    /// Carries on from <paramref name="previous"/> after a reload: what aired (for the no-repeat windows), the
    /// station-ID count, the last air time asked about (so no insert fires twice or is missed) and waiting requests.
    /// Rotation positions start afresh with the new playlists.
    /// </summary>
    public void ContinueFrom(Scheduler previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        _history.CopyFrom(previous._history);
        MusicSinceStationId = previous.MusicSinceStationId;
        _lastPick = previous._lastPick;
        _lastDecision = previous._lastDecision;
        _lastHardInsert = previous._lastHardInsert;
        while (previous._requests.TryDequeue(out var request))
        {
            _requests.Enqueue(request);
        }
    }

    /// <summary>The schedule this scheduler runs.</summary>
    public ScheduleDefinition Schedule => _schedule;

    /// <summary>Music tracks aired since the last station ID (what "every N" counts).</summary>
    public int MusicSinceStationId { get; private set; }

    /// <summary>Queues an operator's request; it plays after any due insert or station ID, before the rotation.</summary>
    public void Request(TrackInfo track) => _requests.Enqueue(track);

    /// <summary>Requests waiting to air, oldest first.</summary>
    public IReadOnlyList<TrackInfo> PendingRequests => _requests.ToArray();

    /// <summary>
    /// A track of this schedule's playlists whose full path or file name (with or without extension) is
    /// <paramref name="query"/>, ignoring case; null when there is none. Requests are limited to the library on purpose.
    /// </summary>
    public TrackInfo? FindTrack(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _schedule.Playlists.Keys.SelectMany(_catalog.TracksOf).FirstOrDefault(t =>
            string.Equals(t.Path, query, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Path.GetFileName(t.Path), query, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Path.GetFileNameWithoutExtension(t.Path), query, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The kind of the most recent pick (for the running order and tests).</summary>
    public PickKind? LastKind => _lastDecision?.Kind;

    public PlayoutItem? PickNext(DateTimeOffset airTime)
    {
        CollectDueInserts(airTime);
        _lastPick = airTime;
        var decision = PickInsert(airTime) ?? PickStationId(airTime) ?? PickRequest() ?? PickRotation(airTime) ?? PickFallback(airTime);
        _lastDecision = decision;
        return decision?.Item;
    }

    /// <summary>
    /// The next hard insert's time, or a soft insert's latest start (including one already due and waiting behind a
    /// higher-priority item). Inserts are only ever cut by hard inserts: a soft insert waits for a running insert.
    /// </summary>
    public DateTimeOffset? NextCut(DateTimeOffset itemStart)
    {
        bool isInsert = _lastDecision?.Kind is PickKind.HardInsert or PickKind.SoftInsert;
        DateTimeOffset? cut = null;
        void Consider(InsertRule rule, DateTimeOffset due)
        {
            if (isInsert && rule.Start == InsertStart.Soft)
            {
                return;
            }

            var t = rule.CutTime(due);
            if (t > itemStart && (cut is null || t < cut))
            {
                cut = t;
            }
        }

        foreach (var rule in _schedule.Inserts)
        {
            if (rule.Cron.GetNextOccurrence(itemStart, _schedule.Zone, inclusive: false) is { } due)
            {
                Consider(rule, due);
            }
        }

        foreach (var (rule, due) in _pending)
        {
            Consider(rule, due);
        }

        return cut;
    }

    /// <summary>
    /// Updates the history and the station-ID count for an item this scheduler picked. After a reload the engine
    /// reports the item the previous scheduler picked to the new one; <see cref="ContinueFrom"/> carried that pick over.
    /// </summary>
    public void OnAired(PlayoutItem item, DateTimeOffset airTime)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_lastDecision is not { } d || !ReferenceEquals(d.Item, item))
        {
            return;
        }

        switch (d.Kind)
        {
            case PickKind.StationId:
                MusicSinceStationId = 0;
                break;
            case PickKind.Request or PickKind.Rotation or PickKind.Fallback:
                MusicSinceStationId++;
                _history.Add(airTime, TrackRotation.TitleKey(item.Track), item.Track.Artist);
                break;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Occurrences in (last pick, air time] become pending; of several of one insert only the latest is kept.</summary>
    private void CollectDueInserts(DateTimeOffset airTime)
    {
        foreach (var rule in _schedule.Inserts)
        {
            var from = _lastPick ?? airTime.AddTicks(-1);
            DateTimeOffset? latest = null;
            foreach (var due in rule.Cron.GetOccurrences(from, airTime, _schedule.Zone, fromInclusive: false, toInclusive: true))
            {
                latest = due;
            }

            if (latest is { } l)
            {
                _pending[rule] = l;
            }
        }
    }
}

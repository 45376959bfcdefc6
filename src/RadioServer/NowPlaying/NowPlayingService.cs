using System.Diagnostics.Metrics;
using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.Playout;
using RadioServer.Playout.Bus;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mounts;
using RadioServer.Telemetry;

namespace RadioServer.NowPlaying;

/// <summary>
/// What is on air now and what aired before, for <c>/api/nowplaying</c>, its event stream, the web page and
/// the metrics. Fed by <see cref="PcmBus.TrackStarted"/>, which fires on the playout thread when the block
/// holding the item's first sample is released by the playout clock, i.e. when it airs on every mount; the
/// start time adds the sample offset inside that block. Operators' title updates come from
/// <c>/admin/metadata</c> through <see cref="OverrideTitle"/>. Every new item or title is published as
/// <see cref="StationEventKind.SongChanged"/>.
/// </summary>
public sealed partial class NowPlayingService
{
    private readonly StationOptions _options;
    private readonly StationPlayout _playout;
    private readonly MountRegistry _mounts;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly LinkedList<AiredItem> _history = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly StationEvents? _events;
    private readonly Hls.HlsAudience? _hls;
    private readonly Streaming.Hls.HlsSegmentStore? _hlsStore;
    private AiredItem? _current;
    private long _version;

    public NowPlayingService(StationOptions options, StationPlayout playout, MountRegistry mounts, TimeProvider time, IMeterFactory? meters = null,
        StationEvents? events = null, Hls.HlsAudience? hls = null, Streaming.Hls.HlsSegmentStore? hlsStore = null)
    {
        _events = events;
        _hls = hls;
        _hlsStore = hlsStore;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(playout);
        _options = options;
        _playout = playout;
        _mounts = mounts;
        _time = time;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _capacity = Math.Max(1, options.HistoryLength);
        playout.Bus.TrackStarted += OnTrackStarted;
        playout.ItemPlanned += _ =>
        {
            Interlocked.Increment(ref _version);
            Changed?.Invoke();
        };
        if (meters is not null)
        {
            AddInstruments(meters.Create(MeterNames.NowPlaying));
        }
    }

    /// <summary>Raised after every change of the current item or its title (on the thread that made it; keep handlers short).</summary>
    public event Action? Changed;

    /// <summary>The station's time zone (<c>station.time_zone</c>).</summary>
    public TimeZoneInfo Zone => _zone;

    /// <summary>The item on air, or null before the first starts.</summary>
    public AiredItem? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Increases with every change; sent as the event id.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Listeners on all mounts and HLS renditions now.</summary>
    public int TotalListeners => _mounts.All.Sum(m => m.Listeners) + (_hls?.Total ?? 0);

    /// <summary>An operator's title update on <paramref name="mount"/>: it names the current item until the next starts.</summary>
    public void OverrideTitle(Mount mount, StreamTitle title)
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(title);
        AiredItem item;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            item = _current = _current is null
                ? new AiredItem(title.Artist, title.Title, null, title.Text, "track", null, now, "admin")
                : _current with { Artist = title.Artist, Title = title.Title, Album = null, Text = title.Text, Source = "admin" };
            _version++;
        }

        Changed?.Invoke();
        _events?.Publish(SongChanged(item, role: null));
    }

    /// <summary>What aired, newest first, the item on air included (SHOUTcast's <c>/played.html</c>).</summary>
    public IReadOnlyList<AiredItem> Played
    {
        get
        {
            lock (_lock)
            {
                return _current is null ? [.. _history] : [_current, .. _history];
            }
        }
    }

    /// <summary>The whole state; mount URLs are made absolute with <paramref name="baseUrl"/> (scheme, host and path base, no trailing slash).</summary>
    public NowPlayingDocument Snapshot(string baseUrl)
    {
        AiredItem? current;
        AiredItem[] history;
        long version;
        lock (_lock)
        {
            current = _current;
            history = [.. _history];
            version = _version;
        }

        var now = _time.GetUtcNow();
        var o = _options;
        var mounts = _mounts.All
            .Where(m => !m.Options.Hidden)
            .Select(m => new NowPlayingMountInfo(m.Path, baseUrl + m.Path, m.Options.FormatName, m.Options.ContentType, m.Options.Bitrate,
                m.Options.SampleRate, m.Options.Channels, m.Listeners))
            .ToList();
        var oldest = _hlsStore?.Segments(0) is { Count: > 0 } kept ? kept[0].ProgramDateTime.UtcDateTime : (DateTime?)null;
        var hls = _hls is null ? null : new NowPlayingHlsInfo(baseUrl + "/hls/live.m3u8", o.Hls.WindowMinutes, oldest,
            [.. o.Hls.Renditions.Select((r, i) => new NowPlayingHlsRendition(r.Name, $"{baseUrl}/hls/{r.Name}.m3u8", r.Bitrate, r.SampleRate, r.Channels, _hls.Listeners(i)))]);
        return new NowPlayingDocument(
            new NowPlayingStationInfo(o.Name, o.Description, o.Genre, o.Url, o.TimeZone),
            TotalListeners,
            mounts,
            current is null ? null : Describe(current, now),
            Upcoming(),
            [.. history.Select(h => Describe(h, null))],
            now.UtcDateTime,
            version,
            hls);
    }

    /// <summary>
    /// The item the engine has picked to follow (known from a few seconds before it starts, when the engine plans the
    /// transition), with the time it will air.
    /// </summary>
    private List<NowPlayingItemInfo> Upcoming()
    {
        if (_playout.Upcoming is not { } next)
        {
            return [];
        }

        return [Describe(FromPlayout(next.Item.Track, next.Duration, next.AirTime), now: null)];
    }

    /// <summary>A played-out track as the API shows it: tag fields when present, the display title otherwise.</summary>
    private static AiredItem FromPlayout(Playout.Library.TrackInfo track, TimeSpan? duration, DateTimeOffset starts) =>
        new(track.Artist is { Length: > 0 } a ? a : null, track.Title is { Length: > 0 } t ? t : track.DisplayTitle,
            track.Album is { Length: > 0 } al ? al : null, track.DisplayTitle, "track", duration, starts, "playout");

    /// <summary>Seconds the current item has played, and its length when known (for the progress metric).</summary>
    public (double Elapsed, double? Duration)? Progress()
    {
        var current = Current;
        return current is null ? null : ((_time.GetUtcNow() - current.StartedUtc).TotalSeconds, current.Duration?.TotalSeconds);
    }

    private NowPlayingItemInfo Describe(AiredItem item, DateTimeOffset? now)
    {
        double? elapsed = null;
        if (now is { } n)
        {
            var played = n - item.StartedUtc;
            if (item.Duration is { } d && played > d)
            {
                played = d;
            }

            elapsed = Seconds(played < TimeSpan.Zero ? TimeSpan.Zero : played);
        }

        return new NowPlayingItemInfo(item.Artist, item.Title, item.Album, item.Text, item.Kind, item.Source,
            item.Duration is { } duration ? Seconds(duration) : null, elapsed,
            item.StartedUtc.UtcDateTime, TimeZoneInfo.ConvertTime(item.StartedUtc, _zone));
    }

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 1);

    private void OnTrackStarted(TrackStart start)
    {
        // The block holding the start is being released now; FramesPublished is still its first frame.
        long offsetFrames = Math.Max(0, start.BusFrame - _playout.Bus.FramesPublished);
        var started = _time.GetUtcNow() + TimeSpan.FromSeconds((double)offsetFrames / _playout.Bus.Format.SampleRate);
        var item = FromPlayout(start.Item.Track, start.Duration, started);
        lock (_lock)
        {
            if (_current is not null)
            {
                _history.AddFirst(_current);
                while (_history.Count > _capacity)
                {
                    _history.RemoveLast();
                }
            }

            _current = item;
            _version++;
        }

        Changed?.Invoke();
        _events?.Publish(SongChanged(item, start.Item.Transition?.Role?.ToString().ToLowerInvariant()));
    }

    private StationEvent SongChanged(AiredItem item, string? role) =>
        new(StationEventKind.SongChanged, item.Source == "admin" ? _time.GetUtcNow() : item.StartedUtc)
        {
            Artist = item.Artist, Title = item.Title, Text = item.Text, Duration = item.Duration, Role = role,
        };
}

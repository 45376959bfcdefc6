using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;
using RadioServer.Playout.History;
using RadioServer.Playout.Library;
using RadioServer.Playout.Live;
using RadioServer.Playout.Monitoring;
using RadioServer.Playout.Relay;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Sound;

namespace RadioServer.Playout;

/// <summary>
/// The station's playout, composed once from <see cref="PlayoutOptions"/>: what plays (the schedule, hot-reloaded, or
/// a plain playlist) → the engine (decoding, levelling, transitions; relay items too) → the PCM bus, whose stages
/// put a live presenter on air and then limit the true peak; the dead-air watchdog and the aired history listen on
/// the bus. <see cref="RunAsync"/> paces it with the playout clock and keeps air times on the wall clock. Encoders
/// attach to <see cref="Bus"/> as sinks; nothing here knows about them.
/// </summary>
public sealed partial class StationPlayout : IDisposable
{
    private readonly PlayoutOptions _options;
    private readonly PlayoutEngine _engine;
    private readonly AirClock _air;
    private readonly TimeProvider _time;
    private readonly ReloadableScheduler? _scheduler;
    private readonly ScheduleWatcher? _scheduleWatcher;
    private readonly AiredHistoryCsv? _history;
    private readonly ILogger _logger;

    /// <param name="meter">Where the engine, bus, clock and dead-air watchdog publish their figures; null publishes none.</param>
    /// <param name="backgroundFailure">Called with a part's name ("history_csv", "analysis_cache") on every failure it
    /// caught and carried on from (the host counts them in <c>radioserver_background_failures_total</c>).</param>
    public StationPlayout(PlayoutOptions options, TimeProvider time, ILoggerFactory loggers, Meter? meter = null, Action<string>? backgroundFailure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<StationPlayout>();
        var format = options.Format;
        var playoutLogger = loggers.CreateLogger<PlayoutEngine>();

        Limiter = new TruePeakLimiter(format.SampleRate, format.Channels, options.LimiterCeilingDbtp);
        Bus = new PcmBus(format, meter) { Processor = Limiter };
        Bus.SinkFailed += (sink, e) => SinkFailed(_logger, sink.GetType().Name, e);

        IItemSelector selector;
        var zone = TimeZoneInfo.Utc;
        if (options.Schedule.Length == 0)
        {
            selector = new PlaylistRotation(options.Playlist, playoutLogger);
        }
        else
        {
            // Hot reload: an edit is validated in full and swapped in at the next pick; a bad one is logged and ignored.
            var scheduleLogger = loggers.CreateLogger<Scheduler>();
            _scheduler = new ReloadableScheduler(Scheduler.FromFile(options.Schedule, scheduleLogger));
            zone = _scheduler.Current.Schedule.Zone;
            _scheduleWatcher = new ScheduleWatcher(_scheduler, options.Schedule, time, scheduleLogger);
            selector = _scheduler;
        }

        _air = new AirClock(format.SampleRate);
        Analyzer = new BackgroundAnalyzer(new AnalysisCache(options.DataFolder), options.AnalysisThreads, loggers.CreateLogger<BackgroundAnalyzer>())
        {
            SaveFailed = backgroundFailure is null ? null : () => backgroundFailure("analysis_cache"),
        };
        var files = options.Loudness is { } loudness ? new Mp3ItemOpener(format, Analyzer, loudness, playoutLogger) : new Mp3ItemOpener(format);
        var opener = new RelayItemOpener(files, format, time, loggers.CreateLogger<RelayItemOpener>());
        _engine = new PlayoutEngine(selector, opener, Bus, playoutLogger, options.Block, _air, meter) { StationTransitions = options.Transitions };
        Clock = new PlayoutClock(time, format.SampleRate, _engine.BlockFrames, playoutLogger, meter);
        var started = time.GetUtcNow();
        meter?.CreateObservableGauge("radioserver_uptime_seconds", () => (time.GetUtcNow() - started).TotalSeconds, unit: "s",
            description: "Seconds since the station started.");

        DeadAir = new DeadAirWatchdog(format.SampleRate, options.DeadAirLimit, loggers.CreateLogger<DeadAirWatchdog>(), meter);
        Bus.Attach(DeadAir); // always counts for the metrics; logs only with a limit above zero
        if (options.HistoryCsv.Length > 0)
        {
            _history = AiredHistoryCsv.Open(options.HistoryCsv, _air, zone, loggers.CreateLogger<AiredHistoryCsv>(),
                backgroundFailure is null ? null : () => backgroundFailure("history_csv"));
            Bus.TrackStarted += WriteHistory;
        }

        LiveInput = new LiveInput(format.SampleRate * format.Channels * 10);
        Live = new LiveTakeover(LiveInput, options.Live, format.SampleRate, format.Channels, loggers.CreateLogger<LiveTakeover>());
        Bus.AddStage(Live); // before the limiter, so live audio is limited too
    }

    /// <summary>The PCM bus: attach encoders and other sinks here; <see cref="PcmBus.TrackStarted"/> says what airs.</summary>
    public PcmBus Bus { get; }

    /// <summary>Paces the playout (its counters: late blocks, stalls).</summary>
    public PlayoutClock Clock { get; }

    /// <summary>The bus's true-peak limiter.</summary>
    public TruePeakLimiter Limiter { get; }

    /// <summary>Analyses the library in the background and answers the opener's loudness look-ups.</summary>
    public BackgroundAnalyzer Analyzer { get; }

    /// <summary>Counts and reports silence on air.</summary>
    public DeadAirWatchdog DeadAir { get; }

    /// <summary>Where a live presenter's audio and title arrive.</summary>
    public LiveInput LiveInput { get; }

    /// <summary>The bus stage that puts a live presenter on air.</summary>
    public LiveTakeover Live { get; }

    /// <summary>The scheduler deciding now, or null when the station plays a plain playlist.</summary>
    public Scheduler? Scheduler => _scheduler?.Current;

    /// <summary>The item picked to follow the one on air, once the engine has planned the hand-over.</summary>
    public UpcomingItem? Upcoming => _engine.Upcoming;

    /// <summary>Raised when the engine has picked the next item and planned its transition.</summary>
    public event Action<UpcomingItem>? ItemPlanned
    {
        add => _engine.ItemPlanned += value;
        remove => _engine.ItemPlanned -= value;
    }

    /// <summary>Items that went on air, items skipped as broken, items that aired with decode errors.</summary>
    public (long Aired, long Failed, long WithDecodeErrors) ItemCounts => (_engine.ItemsAired, _engine.ItemsFailed, _engine.ItemsWithDecodeErrors);

    /// <summary>
    /// How far bus time may drift from the wall clock before the air clock is re-anchored: beyond the lag the playout
    /// clock catches up by itself (so a short hiccup never moves air times), plus a second.
    /// </summary>
    public TimeSpan MaxAirDrift => Clock.MaxLag + TimeSpan.FromSeconds(1);

    /// <summary>When each bus frame airs: anchored to the wall clock when playout starts, again after a long stall.</summary>
    public AirClock AirClock => _air;

    /// <summary>Fades out the item on air; the next one starts at once.</summary>
    public void Skip() => _engine.Skip();

    /// <summary>Runs playout until cancelled. The bus never stops: failures inside an item or a sink are logged per block.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        QueuePlaylistForAnalysis();

        // Picks are made for the air time of their first sample: the bus frame about to be released airs now.
        _air.Anchor(Bus.FramesPublished, _time.GetUtcNow());
        return Clock.RunAsync(RenderBlock, cancellationToken);
    }

    /// <summary>Renders one block with no clock (for simulations and tests): air time follows bus time.</summary>
    public void RenderNextBlock() => _engine.RenderNextBlock();

    /// <summary>
    /// Keeps bus time on the wall clock: after a stall (the playout clock then re-bases without catching up) or a
    /// wall-clock step, bus frames and air times drift apart; re-anchor so inserts still start on their time.
    /// </summary>
    private void RenderBlock()
    {
        var now = _time.GetUtcNow();
        var drift = now - _air.TimeOf(Bus.FramesPublished);
        if (drift.Duration() > MaxAirDrift)
        {
            AirClockReanchored(_logger, (long)drift.TotalMilliseconds);
            _air.Anchor(Bus.FramesPublished, now);
        }

        _engine.RenderNextBlock();
    }

    private void WriteHistory(TrackStart start) => _history!.OnTrackStarted(start); // queued: the playout thread never waits on the disk

    /// <summary>Queues every file of the playlist, so most are analysed before they come up.</summary>
    private void QueuePlaylistForAnalysis()
    {
        if (_options.Loudness is null || _options.Playlist.Length == 0)
        {
            return;
        }

        try
        {
            foreach (var entry in PlaylistReader.Read(_options.Playlist).Where(e => !e.IsStream))
            {
                Analyzer.Enqueue(entry.Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            // The rotation reports an unreadable playlist itself; analysis then happens item by item.
        }
    }

    public void Dispose()
    {
        _scheduleWatcher?.Dispose();
        _history?.Dispose();
        _engine.Dispose();
        Analyzer.Dispose();
    }

    [LoggerMessage(PlayoutLogIds.Station + 0, LogLevel.Warning, "Bus time was {DriftMs} ms off the wall clock (stall or clock step); air times re-anchored")]
    private static partial void AirClockReanchored(ILogger logger, long driftMs);

    [LoggerMessage(PlayoutLogIds.Station + 2, LogLevel.Error, "Sink {Sink} failed on a block; it continues with the next")]
    private static partial void SinkFailed(ILogger logger, string sink, Exception exception);
}

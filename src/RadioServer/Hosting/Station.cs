using System.Diagnostics.Metrics;
using RadioServer.Configuration;
using RadioServer.Metrics;
using RadioServer.Mounts;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Engine;
using RadioServer.Playout.History;
using RadioServer.Playout.Library;
using RadioServer.Playout.Live;
using RadioServer.Playout.Monitoring;
using RadioServer.Playout.Schedule;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming;
using RadioServer.Streaming.Mp3;
using RadioServer.Streaming.Opus;

namespace RadioServer.Hosting;

/// <summary>
/// The running station: playlist → playout engine → PCM bus → one encoder per mount → broadcast buffers.
/// Built once from the validated config; <see cref="RunAsync"/> drives it with the playout clock.
/// </summary>
public sealed partial class Station : IDisposable
{
    private readonly PlayoutEngine _engine;
    private readonly PlayoutClock _clock;
    private readonly AirClock _air;
    private readonly TimeProvider _time;
    private readonly ScheduleWatcher? _scheduleWatcher;
    private readonly AiredHistoryCsv? _history;
    private readonly ReloadableScheduler? _scheduler;
    private readonly ILogger<Station> _logger;

    public Station(StationOptions options, TimeProvider time, ILoggerFactory loggers, IMeterFactory? meters = null)
    {
        var playoutMeter = meters?.Create(MeterNames.Playout); // null (tests): the components publish no instruments
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        Options = options;
        _logger = loggers.CreateLogger<Station>();
        var format = new StationFormat(options.SampleRate, options.Channels);
        Limiter = new TruePeakLimiter(format.SampleRate, format.Channels, StationSound.LimiterCeiling(options.TruePeakCeiling, options.Mounts, options.CodecHeadroom));
        Bus = new PcmBus(format, playoutMeter) { Processor = Limiter };
        Bus.SinkFailed += (sink, e) => SinkFailed(_logger, sink.GetType().Name, e);
        var playoutLogger = loggers.CreateLogger<PlayoutEngine>();
        IItemSelector selector;
        var zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(options.Schedule))
        {
            selector = new PlaylistRotation(options.Playlist, playoutLogger);
        }
        else
        {
            // Hot reload: an edit is validated in full and swapped in at the next pick; a bad one is logged and ignored.
            var scheduleLogger = loggers.CreateLogger<Scheduler>();
            var reloadable = new ReloadableScheduler(Scheduler.FromFile(options.Schedule, scheduleLogger));
            zone = reloadable.Current.Schedule.Zone;
            _scheduler = reloadable;
            _scheduleWatcher = new ScheduleWatcher(reloadable, options.Schedule, time, scheduleLogger);
            selector = reloadable;
        }

        _time = time;
        _air = new AirClock(format.SampleRate);
        Analyzer = new BackgroundAnalyzer(new AnalysisCache(options.DataFolder),
            options.AnalysisThreads > 0 ? options.AnalysisThreads : null, loggers.CreateLogger<BackgroundAnalyzer>());
        var files = options.LoudnessNormalization
            ? new Mp3ItemOpener(format, Analyzer, new LoudnessSettings(options.LoudnessTarget, options.UnanalysedGain,
                Source: options.LoudnessSource == "replaygain" ? LoudnessSource.ReplayGain : LoudnessSource.Analysis), playoutLogger)
            : new Mp3ItemOpener(format);
        var opener = new Relays.RelayItemOpener(files, format, time, loggers.CreateLogger<Relays.RelayItemOpener>());
        _engine = new PlayoutEngine(selector, opener, Bus, playoutLogger, TimeSpan.FromMilliseconds(options.BlockMilliseconds), _air, playoutMeter)
        {
            StationTransitions = options.Transitions.ToSettings(),
        };
        DeadAir = new DeadAirWatchdog(format.SampleRate, TimeSpan.FromSeconds(options.DeadAirSeconds), loggers.CreateLogger<DeadAirWatchdog>(), playoutMeter);
        Bus.Attach(DeadAir); // always counts for the metrics; logs only with dead_air_seconds > 0

        if (!string.IsNullOrEmpty(options.HistoryCsv))
        {
            _history = AiredHistoryCsv.Open(options.HistoryCsv, _air, zone);
            Bus.TrackStarted += WriteHistory;
        }

        _clock = new PlayoutClock(time, format.SampleRate, _engine.BlockFrames, playoutLogger, playoutMeter);
        Started = time.GetUtcNow();
        playoutMeter?.CreateObservableGauge("radioserver_uptime_seconds", () => (_time.GetUtcNow() - Started).TotalSeconds, unit: "s",
            description: "Seconds since the station started.");
        Mounts = new MountRegistry(options.Mounts.Select(m => CreateMount(m, format, Started)).ToList(), meters?.Create(MeterNames.Streaming), () => Bus.SecondsPublished);
        LiveInput = new LiveInput(format.SampleRate * format.Channels * 10);
        var live = options.Live;
        Live = new LiveTakeover(LiveInput, new LiveSettings(TimeSpan.FromMilliseconds(live.CrossfadeMilliseconds),
            TimeSpan.FromMilliseconds(live.PrebufferMilliseconds), TimeSpan.FromSeconds(live.SilenceSeconds)), format.SampleRate, format.Channels, loggers.CreateLogger<LiveTakeover>());
        Bus.AddStage(Live); // before the limiter, so live audio is limited too
        foreach (var mount in Mounts.All)
        {
            Bus.Attach(mount.Encoder);
        }
    }

    /// <summary>
    /// How far bus time may drift from the wall clock before the air clock is re-anchored: beyond the lag the playout
    /// clock catches up by itself (so a short hiccup never moves air times), plus a second.
    /// </summary>
    public TimeSpan MaxAirDrift => _clock.MaxLag + TimeSpan.FromSeconds(1);

    /// <summary>The playout engine (for its counters).</summary>
    public PlayoutEngine Engine => _engine;

    /// <summary>The playout clock (for its counters).</summary>
    public PlayoutClock Clock => _clock;

    public StationOptions Options { get; }

    public PcmBus Bus { get; }

    /// <summary>The scheduler deciding now, or null when the station plays a plain playlist.</summary>
    public Scheduler? Scheduler => _scheduler?.Current;

    /// <summary>Fades out the item on air; the next one starts at once.</summary>
    public void Skip() => _engine.Skip();

    public MountRegistry Mounts { get; }

    /// <summary>Where a live source's audio arrives.</summary>
    public LiveInput LiveInput { get; }

    /// <summary>The bus stage that puts a live source on air.</summary>
    public LiveTakeover Live { get; }

    /// <summary>When the station started (Icecast's <c>server_start</c>).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Analyses the library in the background and answers the opener's loudness look-ups.</summary>
    public BackgroundAnalyzer Analyzer { get; }

    /// <summary>Counts and reports silence on air (metrics and the dead-air log).</summary>
    public DeadAirWatchdog DeadAir { get; }

    /// <summary>The bus's true-peak limiter.</summary>
    public TruePeakLimiter Limiter { get; }

    /// <summary>Runs playout until cancelled. The bus never stops: failures inside an item or a sink are logged per block.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        string source = string.IsNullOrEmpty(Options.Schedule) ? $"playlist {Options.Playlist}" : $"schedule {Options.Schedule}";
        StationStarting(_logger, Options.Name, source, string.Join(", ", Mounts.All.Select(m => $"{m.Path} ({m.Options.Bitrate} kbps)")));
        QueuePlaylistForAnalysis();
        SoundSettings(_logger, Options.LoudnessTarget, Limiter.CeilingDbtp, Options.TruePeakCeiling - Limiter.CeilingDbtp, Options.TruePeakCeiling);

        // Picks are made for the air time of their first sample: the bus frame about to be released airs now.
        _air.Anchor(Bus.FramesPublished, _time.GetUtcNow());
        return _clock.RunAsync(RenderBlock, cancellationToken);
    }

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

    private void WriteHistory(TrackStart start)
    {
        try
        {
            _history!.OnTrackStarted(start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            HistoryWriteFailed(_logger, Options.HistoryCsv, e.Message); // never stop the audio for a report file
        }
    }

    private static Mount CreateMount(MountOptions m, StationFormat format, DateTimeOffset started)
    {
        var buffer = new BroadcastBuffer(m.QueueBytes, TimeSpan.FromMilliseconds(m.WriteIntervalMilliseconds));
        var chunk = TimeSpan.FromMilliseconds(m.ChunkMilliseconds);
        IMountEncoder encoder = m.IsOgg
            ? new OpusMountEncoder(new OpusEncoderSettings(format.SampleRate, format.Channels, m.Channels, m.Bitrate), buffer, chunk)
            : new Mp3MountEncoder(new LameEncoderSettings(format.SampleRate, format.Channels, m.SampleRate, m.Channels, m.Bitrate, m.Quality), buffer, chunk);
        return new Mount(m, encoder, started);
    }

    /// <summary>Queues every file of the playlist, so most are analysed before they come up.</summary>
    private void QueuePlaylistForAnalysis()
    {
        try
        {
            foreach (var entry in PlaylistReader.Read(Options.Playlist).Where(e => !e.IsStream))
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
        Mounts.Dispose();
    }

    [LoggerMessage(1, LogLevel.Information, "Station {Name} starting: {Source}; mounts {Mounts}")]
    private static partial void StationStarting(ILogger logger, string name, string source, string mounts);

    [LoggerMessage(5, LogLevel.Information, "Sound: items at {Target} LUFS; limiter at {Limiter:F1} dBTP, {Margin:F1} dB under the {Ceiling} dBTP ceiling for the codecs")]
    private static partial void SoundSettings(ILogger logger, double target, double limiter, double margin, double ceiling);

    [LoggerMessage(4, LogLevel.Warning, "Bus time was {DriftMs} ms off the wall clock (stall or clock step); air times re-anchored")]
    private static partial void AirClockReanchored(ILogger logger, long driftMs);

    [LoggerMessage(3, LogLevel.Error, "Cannot write the play history {Path}: {Error}")]
    private static partial void HistoryWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(2, LogLevel.Error, "Sink {Sink} failed on a block; it continues with the next")]
    private static partial void SinkFailed(ILogger logger, string sink, Exception exception);
}

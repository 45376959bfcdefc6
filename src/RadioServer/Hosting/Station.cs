using RadioServer.Configuration;
using RadioServer.Mounts;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Playout.Live;
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
    private readonly ILogger<Station> _logger;

    public Station(StationOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        Options = options;
        _logger = loggers.CreateLogger<Station>();
        var format = new StationFormat(options.SampleRate, options.Channels);
        Limiter = new TruePeakLimiter(format.SampleRate, format.Channels, options.TruePeakCeiling);
        Bus = new PcmBus(format) { Processor = Limiter };
        Bus.SinkFailed += (sink, e) => SinkFailed(_logger, sink.GetType().Name, e);
        var playoutLogger = loggers.CreateLogger<PlayoutEngine>();
        var rotation = new PlaylistRotation(options.Playlist, playoutLogger);
        Analyzer = new BackgroundAnalyzer(new AnalysisCache(options.DataFolder),
            options.AnalysisThreads > 0 ? options.AnalysisThreads : null, loggers.CreateLogger<BackgroundAnalyzer>());
        var files = options.LoudnessNormalization
            ? new Mp3ItemOpener(format, Analyzer, new LoudnessSettings(options.LoudnessTarget, options.UnanalysedGain, TruePeakCeilingDbtp: options.TruePeakCeiling), playoutLogger)
            : new Mp3ItemOpener(format);
        var opener = new Relays.RelayItemOpener(files, format, time, loggers.CreateLogger<Relays.RelayItemOpener>());
        _engine = new PlayoutEngine(rotation, opener, Bus, playoutLogger, TimeSpan.FromMilliseconds(options.BlockMilliseconds));
        _clock = new PlayoutClock(time, format.SampleRate, _engine.BlockFrames, playoutLogger);
        Started = time.GetUtcNow();
        Mounts = new MountRegistry(options.Mounts.Select(m => CreateMount(m, format, Started)).ToList());
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

    public StationOptions Options { get; }

    public PcmBus Bus { get; }

    public MountRegistry Mounts { get; }

    /// <summary>Where a live source's audio arrives.</summary>
    public LiveInput LiveInput { get; }

    /// <summary>The bus stage that puts a live source on air.</summary>
    public LiveTakeover Live { get; }

    /// <summary>When the station started (Icecast's <c>server_start</c>).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Analyses the library in the background and answers the opener's loudness look-ups.</summary>
    public BackgroundAnalyzer Analyzer { get; }

    /// <summary>The bus's true-peak limiter.</summary>
    public TruePeakLimiter Limiter { get; }

    /// <summary>Runs playout until cancelled. The bus never stops: failures inside an item or a sink are logged per block.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        StationStarting(_logger, Options.Name, Options.Playlist, string.Join(", ", Mounts.All.Select(m => $"{m.Path} ({m.Options.Bitrate} kbps)")));
        QueuePlaylistForAnalysis();
        return _clock.RunAsync(_engine.RenderNextBlock, cancellationToken);
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
            foreach (var entry in PlaylistReader.Read(Options.Playlist))
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
        _engine.Dispose();
        Analyzer.Dispose();
        Mounts.Dispose();
    }

    [LoggerMessage(1, LogLevel.Information, "Station {Name} starting: playlist {Playlist}; mounts {Mounts}")]
    private static partial void StationStarting(ILogger logger, string name, string playlist, string mounts);

    [LoggerMessage(2, LogLevel.Error, "Sink {Sink} failed on a block; it continues with the next")]
    private static partial void SinkFailed(ILogger logger, string sink, Exception exception);
}

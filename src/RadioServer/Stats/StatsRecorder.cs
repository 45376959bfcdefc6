using System.Threading.Channels;
using RadioServer.Configuration;
using RadioServer.Listeners;
using RadioServer.NowPlaying;
using RadioServer.Playout.Monitoring;
using RadioServer.Safety;
using RadioServer.Telemetry;

namespace RadioServer.Stats;

/// <summary>
/// Writes ended listener sessions and every aired item to <see cref="StatsDatabase"/> on one background task
/// (never on the playout thread or a listener's), and prunes rows older than <c>retention_days</c> at start
/// and every hour. The queue is bounded: if the disk stalls, the oldest pending rows are dropped, not memory.
/// </summary>
public sealed partial class StatsRecorder : BackgroundService
{
    private readonly StatsDatabase _database;
    private readonly StationOptions _options;
    private readonly NowPlayingService _nowPlaying;
    private readonly TimeProvider _time;
    private readonly ILogger<StatsRecorder> _logger;
    private readonly ClientAddresses _addresses;
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly BackgroundFailures _failures;
    private readonly FailureStreak _streak = new();
    private AiredItem? _lastAired;

    public StatsRecorder(StatsDatabase database, StationOptions options, ListenerService listeners, NowPlayingService nowPlaying, TimeProvider time, ILogger<StatsRecorder> logger, ClientAddresses addresses, BackgroundFailures failures,
        Hls.HlsAudience? hls = null)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(nowPlaying);
        _database = database;
        _options = options;
        _nowPlaying = nowPlaying;
        _time = time;
        _logger = logger;
        _addresses = addresses;
        _failures = failures;
        listeners.SessionEnded += OnSessionEnded;
        if (hls is not null)
        {
            // An HLS listener's session is stored like an Icecast one, with its rendition's playlist as the mount.
            hls.SessionEnded += s => _queue.Writer.TryWrite(new SessionRecord(s.Path, s.Started, s.Ended, s.Bytes, s.UserAgent, _addresses.Stored(s.Ip), "closed"));
        }

        nowPlaying.Changed += OnNowPlayingChanged;
    }

    /// <summary>Rows written so far (tests wait on it).</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    private void OnSessionEnded(ListenerSession session, string reason, DateTimeOffset ended)
    {
        string? ip = _addresses.Stored(session.Ip);
        _queue.Writer.TryWrite(new SessionRecord(session.Mount.Path, session.Connected, ended, session.Bytes,
            session.UserAgent is { Length: > 0 } ua ? ua : null, ip, reason));
    }

    private void OnNowPlayingChanged()
    {
        var current = _nowPlaying.Current;
        if (current is not null && !ReferenceEquals(Interlocked.Exchange(ref _lastAired, current), current))
        {
            _queue.Writer.TryWrite(current);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_database.CorruptFileKept is { } kept)
        {
            CorruptDatabaseReplaced(_logger, _database.Path, kept);
        }

        if (_database.StartupError is { } error)
        {
            Failed(error); // the writes that fail the same way after it are the same streak: one line for all
        }

        long nextPrune = 0;
        try
        {
            while (true)
            {
                if (_time.GetTimestamp() >= nextPrune)
                {
                    Prune();
                    nextPrune = _time.GetTimestamp() + (long)(3600 * _time.TimestampFrequency);
                }

                using var hour = new CancellationTokenSource(TimeSpan.FromHours(1), _time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, hour.Token);
                try
                {
                    if (!await _queue.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    continue;
                }

                Drain();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Drain(); // what ended during shutdown is still written
        }
    }

    private void Drain()
    {
        while (_queue.Reader.TryRead(out var row))
        {
            try
            {
                if (row is SessionRecord session)
                {
                    _database.AddSession(session);
                }
                else if (row is AiredItem aired)
                {
                    _database.AddAired(aired);
                }

                Interlocked.Increment(ref _written);
                if (_streak.Succeeded() is > 0 and var skipped)
                {
                    WritingAgain(_logger, skipped);
                }
            }
            catch (Exception e) when (FailureStreak.IsSurvivable(e, CancellationToken.None))
            {
                Failed(e);
            }
        }
    }

    private void Prune()
    {
        try
        {
            int rows = _database.Prune(_time.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays));
            if (rows > 0)
            {
                Pruned(_logger, rows, _options.RetentionDays);
            }
        }
        catch (Exception e) when (FailureStreak.IsSurvivable(e, CancellationToken.None))
        {
            Failed(e);
        }
    }

    /// <summary>A locked, corrupt or read-only database, or a full disk: one line per streak, a count for each row.</summary>
    private void Failed(Exception e)
    {
        _failures.Count("stats");
        if (_streak.Failed(e))
        {
            WriteFailed(_logger, e.Message, e);
        }
    }

    [LoggerMessage(HostLogIds.Stats + 0, LogLevel.Error, "Could not write listener statistics ({Error}); rows are skipped until it works again, the audio is not affected")]
    private static partial void WriteFailed(ILogger logger, string error, Exception exception);

    [LoggerMessage(HostLogIds.Stats + 2, LogLevel.Information, "Listener statistics are written again; {Skipped} row(s) were skipped")]
    private static partial void WritingAgain(ILogger logger, int skipped);

    [LoggerMessage(HostLogIds.Stats + 3, LogLevel.Error, "Statistics database {Path} was corrupt; it is kept as {Kept} and a new one is started")]
    private static partial void CorruptDatabaseReplaced(ILogger logger, string path, string kept);

    [LoggerMessage(HostLogIds.Stats + 1, LogLevel.Information, "Pruned {Rows} statistics rows older than {Days} days")]
    private static partial void Pruned(ILogger logger, int rows, int days);
}

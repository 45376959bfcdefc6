using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RadioServer.Playout.Analysis;

/// <summary>
/// Analyses files off the playout thread. <see cref="Find"/> answers from the cache at once (a file stat and a
/// dictionary look-up) and queues unknown files; worker threads decode and measure them and store the results
/// in the <see cref="AnalysisCache"/>, which is saved when the queue drains (and every
/// <see cref="SaveEvery"/> files). Workers are dedicated background threads at below-normal priority; by default
/// one fewer than the machine's cores, so the playout clock and the listeners always have a core.
/// </summary>
public sealed class BackgroundAnalyzer : ITrackAnalysisSource, IDisposable
{
    /// <summary>Results between two cache saves while a long queue is being worked through.</summary>
    public const int SaveEvery = 25;

    private readonly AnalysisCache _cache;
    private readonly ILogger _logger;
    private readonly Func<string, CancellationToken, TrackAnalysis> _analyze;
    private readonly BlockingCollection<string> _queue = new();
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _workers;
    private int _sinceSave;
    private int _busy;
    private long _analysed;

    /// <param name="workers">Background worker threads; null means <c>max(1, cores − 1)</c>; 0 means none (only
    /// <see cref="AnalyseAll"/> analyses, as the <c>scan</c> command does).</param>
    public BackgroundAnalyzer(AnalysisCache cache, int? workers = null, ILogger? logger = null,
        Func<string, CancellationToken, TrackAnalysis>? analyze = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        _cache = cache;
        _logger = logger ?? NullLogger.Instance;
        _analyze = analyze ?? TrackAnalyzer.Analyze;
        int count = Math.Max(0, workers ?? Math.Max(1, Environment.ProcessorCount - 1));
        _workers = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Priority = ThreadPriority.BelowNormal, Name = $"analysis-{i}" };
            _workers[i].Start();
        }

        AnalysisLog.Started(_logger, cache.FilePath ?? "(memory)", cache.Count, count);
    }

    /// <summary>Files analysed (decoded) by this instance; a restart with a warm cache leaves it at 0.</summary>
    public long Analysed => Interlocked.Read(ref _analysed);

    /// <summary>Files waiting or being analysed.</summary>
    public int Pending => _queue.Count + Volatile.Read(ref _busy);

    public TrackAnalysis? Find(string path)
    {
        if (FileKey.Of(path) is not { } key)
        {
            return null;
        }

        if (_cache.TryGet(key, out var analysis))
        {
            return analysis;
        }

        Enqueue(key.Path);
        return null;
    }

    /// <summary>Queues a file unless it is cached or already queued.</summary>
    public void Enqueue(string path)
    {
        if (FileKey.Of(path) is not { } key || _cache.TryGet(key, out _) || !_queued.TryAdd(key.Path, 0))
        {
            return;
        }

        try
        {
            _queue.Add(key.Path);
        }
        catch (InvalidOperationException)
        {
            _queued.TryRemove(key.Path, out _); // shutting down
        }
    }

    /// <summary>
    /// Analyses every file not yet cached, on <paramref name="parallelism"/> threads, and saves the cache; returns
    /// each file's result (null when the file cannot be read). <paramref name="progress"/> gets (done, total, path).
    /// </summary>
    public IReadOnlyList<TrackAnalysis?> AnalyseAll(IReadOnlyList<string> paths, int parallelism,
        Action<int, int, string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        Parallel.ForEach(paths, options, path =>
        {
            AnalyseOne(path);
            progress?.Invoke(Interlocked.Increment(ref done), paths.Count, path);
        });
        Save();
        return [.. paths.Select(p => FileKey.Of(p) is { } key && _cache.TryGet(key, out var a) ? a : null)];
    }

    private void Work()
    {
        try
        {
            foreach (string path in _queue.GetConsumingEnumerable(_stop.Token))
            {
                Interlocked.Increment(ref _busy);
                try
                {
                    AnalyseOne(path);
                }
                finally
                {
                    _queued.TryRemove(path, out _);
                    Interlocked.Decrement(ref _busy);
                }

                if (_queue.Count == 0 || Interlocked.Increment(ref _sinceSave) >= SaveEvery)
                {
                    Interlocked.Exchange(ref _sinceSave, 0);
                    Save();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: stop quietly.
        }
    }

    private void AnalyseOne(string path)
    {
        // Key taken before decoding: if the file changes meanwhile, the result is stored under the old version.
        if (FileKey.Of(path) is not { } key || _cache.TryGet(key, out _))
        {
            return;
        }

        TrackAnalysis result;
        try
        {
            result = _analyze(path, _stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            result = TrackAnalysis.Failed(e.Message);
        }

        _cache.Set(key, result);
        Interlocked.Increment(ref _analysed);
        if (result.Error is not null)
        {
            AnalysisLog.AnalysisFailed(_logger, path, result.Error);
        }
        else
        {
            AnalysisLog.Analysed(_logger, path, result.IntegratedLufs, result.LoudnessRangeLu, result.TruePeakDbtp, result.CueInSeconds, result.CueOutSeconds);
        }
    }

    /// <summary>Called on every failed cache write (the host counts them in a metric).</summary>
    public Action? SaveFailed { get; init; }

    /// <summary>
    /// Saves the cache now (also done automatically). A failure is never thrown: the analyses stay in memory and the
    /// next save tries again; the log says the first failure of a streak and when it works again.
    /// </summary>
    public void Save()
    {
        try
        {
            _cache.Save();
            if (_saveFailures.Succeeded() > 0)
            {
                AnalysisLog.CacheWrittenAgain(_logger, _cache.FilePath ?? "");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SaveFailed?.Invoke();
            if (_saveFailures.Failed(e))
            {
                AnalysisLog.CacheWriteFailed(_logger, _cache.FilePath ?? "", e.Message);
            }
        }
    }

    private readonly Monitoring.FailureStreak _saveFailures = new();

    /// <summary>Stops the workers (the file in progress is abandoned) and saves what is known.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _stop.Cancel();
        foreach (var worker in _workers)
        {
            worker.Join(TimeSpan.FromSeconds(5));
        }

        Save();
        _stop.Dispose();
        _queue.Dispose();
    }
}

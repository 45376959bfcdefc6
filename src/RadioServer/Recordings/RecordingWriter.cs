using System.Threading.Channels;
using RadioServer.Playout.Monitoring;
using RadioServer.Playout.Storage;

namespace RadioServer.Recordings;

/// <summary>
/// Writes every recording to the disk on one thread of its own, so the audio never waits on a disk: recorders hand it
/// the mount's immutable chunks (no copy) and return. Creates each file with its ID3 tag and sidecar, appends, closes,
/// measures the finished file, keeps the <see cref="RecordingCatalog"/> and applies retention. A failing disk (full,
/// read-only) follows the station's policy: the work waits in the queue (audio up to <c>maxQueuedBytes</c>; past that new
/// audio is dropped and counted), one log line per failure streak, every failed try counted (<c>onFailure</c>), retried
/// with back-off, and one line when it works again. Loading and retention never fail as a whole (one unreadable
/// folder or undeletable file is logged and skipped), so they cannot hold up the recordings queued behind them.
/// </summary>
public sealed partial class RecordingWriter : IDisposable
{
    private enum OpKind
    {
        Load,
        Open,
        Append,
        Close,
        Prune,
    }

    private readonly record struct Op(OpKind Kind, RecordingFile? File, ReadOnlyMemory<byte> Data);

    private readonly RecordingCatalog _catalog;
    private readonly TimeSpan? _maxAge;
    private readonly long _maxTotalBytes;
    private readonly string _stationName;
    private readonly string _zoneName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action? _onFailure;
    private readonly long _maxQueuedBytes;
    private readonly Channel<Op> _queue = Channel.CreateUnbounded<Op>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FailureStreak _failures;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly HashSet<RecordingFile> _open = [];
    private readonly HashSet<string> _undeletable = new(StringComparer.Ordinal);
    private readonly PendingWork _pending = new();
    private long _queuedBytes;
    private long _droppedBytes;
    private long _droppedReported;

    /// <param name="catalog">The finished recordings (loaded from the disk first thing on the writer's thread).</param>
    /// <param name="maxAge">Recordings older than this are deleted (null: kept).</param>
    /// <param name="maxTotalBytes">The total kept at most, oldest deleted first (0: no cap).</param>
    /// <param name="onFailure">Called on every failed try (the background-failures metric).</param>
    /// <param name="maxQueuedBytes">Audio kept in memory while the disk fails.</param>
    /// <param name="retry">The first back-off (doubling up to a minute).</param>
    public RecordingWriter(RecordingCatalog catalog, TimeSpan? maxAge, long maxTotalBytes, string stationName, string timeZone, TimeProvider time,
        ILogger<RecordingWriter> logger, Action? onFailure = null, long maxQueuedBytes = 64L << 20, TimeSpan? retry = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(logger);
        _catalog = catalog;
        _maxAge = maxAge;
        _maxTotalBytes = maxTotalBytes;
        _stationName = stationName;
        _zoneName = timeZone;
        _time = time;
        _logger = logger;
        _onFailure = onFailure;
        _maxQueuedBytes = maxQueuedBytes;
        _failures = new FailureStreak(retry ?? TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Enqueue(new Op(OpKind.Load, null, default));
        Enqueue(new Op(OpKind.Prune, null, default));
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "Recordings writer" };
        _thread.Start();
    }

    public RecordingCatalog Catalog => _catalog;

    /// <summary>Starts a recording: its file is named, tagged and created in the background (never on the caller's thread, often the playout's).</summary>
    public RecordingFile Begin(RecordingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        string folderName = info.Kind == RecordingKind.Item && info.Role is { Length: > 0 } role ? role : info.Show;
        var (folder, stem) = RecordingNames.For(folderName, info.Show, info.StartedLocal);
        var file = new RecordingFile(info, Path.Combine(_catalog.Root, folder), stem);
        Enqueue(new Op(OpKind.Open, file, default));
        return file;
    }

    /// <summary>Queues <paramref name="data"/> (a chunk the mount will never change) for <paramref name="file"/>; never blocks.</summary>
    public void Append(RecordingFile file, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Interlocked.Add(ref _queuedBytes, data.Length) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -data.Length);
            Interlocked.Add(ref _droppedBytes, data.Length);
            return;
        }

        Enqueue(new Op(OpKind.Append, file, data));
    }

    /// <summary>Ends <paramref name="file"/> after what was queued for it: closed, measured, in the catalog, retention applied.</summary>
    public void End(RecordingFile file) => Enqueue(new Op(OpKind.Close, file ?? throw new ArgumentNullException(nameof(file)), default));

    /// <summary>Applies retention (age, total size) in the background.</summary>
    public void Prune() => Enqueue(new Op(OpKind.Prune, null, default));

    /// <summary>Waits until everything queued so far is done (or <paramref name="timeout"/> passes); for tests and shutdown.</summary>
    public bool WaitWritten(TimeSpan timeout) => _pending.WaitDone(timeout);

    private void Enqueue(Op op)
    {
        _pending.Add();
        if (!_queue.Writer.TryWrite(op))
        {
            Done(op); // disposed
            op.File?.Finish(null);
        }
    }

    private void Done(Op op)
    {
        if (op.Kind == OpKind.Append)
        {
            Interlocked.Add(ref _queuedBytes, -op.Data.Length);
        }

        _pending.Done();
    }

    private void WriteLoop()
    {
        var reader = _queue.Reader;
        try
        {
            while (reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
            {
                while (!_stop.IsCancellationRequested && reader.TryPeek(out var op))
                {
                    try
                    {
                        Do(op);
                    }
                    catch (Exception e) when (FailureStreak.IsSurvivable(e, _stop.Token))
                    {
                        CloseQuietly(op.File);
                        _onFailure?.Invoke();
                        if (_failures.Failed(e))
                        {
                            WriteFailed(_logger, _catalog.Root, e.Message, _maxQueuedBytes >> 20);
                        }

                        if (_stop.Token.WaitHandle.WaitOne(_failures.Backoff))
                        {
                            return; // disposed while the disk fails
                        }

                        continue; // the same op again
                    }

                    reader.TryRead(out _);
                    Done(op);
                    if (_failures.Succeeded() > 0)
                    {
                        long dropped = Interlocked.Read(ref _droppedBytes);
                        WritingAgain(_logger, _catalog.Root, dropped - _droppedReported);
                        _droppedReported = dropped;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var file in _open)
            {
                CloseQuietly(file);
                file.Finish(null);
            }

            while (reader.TryRead(out var left)) // stopped before it got to them: never written (a file already begun is measured at the next start)
            {
                Done(left);
                left.File?.Finish(null);
            }
        }
    }

    private void Do(Op op)
    {
        var file = op.File;
        switch (op.Kind)
        {
            case OpKind.Load:
                _catalog.Load(Measure, LoadSkipped);
                break;
            case OpKind.Open:
                Open(file!);
                break;
            case OpKind.Append:
                var stream = file!.Stream ??= Reopen(file); // after a failure: cut back to what was written, so a retry never doubles audio
                stream.Write(op.Data.Span);
                stream.Flush();
                file.Written += op.Data.Length;
                break;
            case OpKind.Close:
                Close(file!);
                break;
            case OpKind.Prune:
                Prune(_open.Sum(f => f.Written)); // the recordings in progress count towards the cap
                break;
        }
    }

    private static void CloseQuietly(RecordingFile? file)
    {
        if (file?.Stream is not { } stream)
        {
            return;
        }

        file.Stream = null;
        try
        {
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its last flush failed: already reported.
        }
    }

    /// <summary>
    /// Writes what is queued (for up to half a second; at once gives up while the disk fails, as waiting on it would only
    /// hold up the station's shutdown), then stops. Files left open are measured at the next start.
    /// </summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (_failures.Count > 0 || !_thread.Join(TimeSpan.FromMilliseconds(500)))
        {
            _stop.Cancel(); // also ends a back-off wait
        }

        if (_thread.Join(TimeSpan.FromMilliseconds(500)))
        {
            _stop.Dispose();
        }
    }

    [LoggerMessage(HostLogIds.Recordings + 2, LogLevel.Error, "Cannot write recordings in {Folder}: {Error}; their audio waits in memory (up to {Megabytes} MB) and is retried with back-off (this is said once until it works again; the air is not affected)")]
    private static partial void WriteFailed(ILogger logger, string folder, string error, long megabytes);

    [LoggerMessage(HostLogIds.Recordings + 3, LogLevel.Information, "Recordings in {Folder} are written again; {Bytes} bytes of audio were lost while they could not be")]
    private static partial void WritingAgain(ILogger logger, string folder, long bytes);
}

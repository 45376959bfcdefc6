using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Playout.Storage;

/// <summary>
/// A text file that lines are appended to from any thread (the playout thread, a request) without waiting on the
/// disk: lines go into a bounded queue and one background task writes them. When the disk is full, the folder
/// read-only or the file locked, the lines wait in the queue (the oldest are dropped beyond <c>maxQueued</c>, and
/// counted), one line is logged for the whole streak (<see cref="FailureStreak"/>), the write is retried with back-off,
/// and one line says when it works again and how many lines were lost. Optional: a header line for a new or empty file,
/// rotation to <c>*.1</c> past a size, reopening by name (logrotate).
/// </summary>
public sealed partial class QueuedTextFile : IDisposable
{
    private readonly string _path;
    private readonly string? _header;
    private readonly long _maxBytes;
    private readonly string _newLine;
    private readonly ILogger _logger;
    private readonly Action? _onFailure;
    private readonly Channel<string> _queue;
    private readonly FailureStreak _failures;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _writer;

    /// <summary>Lines (and reopen markers) queued and not yet written or dropped.</summary>
    private readonly PendingWork _pending = new();
    private StreamWriter? _file;
    private long _dropped;
    private long _droppedReported;

    /// <summary>Queued by <see cref="Reopen"/> (compared by reference), so lines before it go to the old file.</summary>
    private static readonly string ReopenMarker = new('\0', 1);

    /// <param name="path">The file (its folder is created when missing).</param>
    /// <param name="logger">Where the one line per failure streak goes.</param>
    /// <param name="header">Written first to a new or empty file (e.g. a CSV header).</param>
    /// <param name="maxBytes">Above this size the file is moved to <c>*.1</c> and a new one started (0: never).</param>
    /// <param name="newLine">The line ending (<c>\r\n</c> for CSV).</param>
    /// <param name="onFailure">Called on every failed attempt (a metric).</param>
    /// <param name="maxQueued">Lines kept while the file cannot be written.</param>
    /// <param name="retry">The first back-off after a failure (doubling up to a minute).</param>
    public QueuedTextFile(string path, ILogger logger, string? header = null, long maxBytes = 0, string newLine = "\n", Action? onFailure = null,
        int maxQueued = 10_000, TimeSpan? retry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(logger);
        _path = Path.GetFullPath(path);
        _header = header;
        _maxBytes = maxBytes;
        _newLine = newLine;
        _logger = logger;
        _onFailure = onFailure;
        _failures = new FailureStreak(retry ?? TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        _queue = Channel.CreateBounded<string>(
            new BoundedChannelOptions(maxQueued) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                Done();
            });
        // Its own thread, not the thread pool: a busy pool (a burst of listeners, a test host's parallel tests) must not
        // keep the lines from the disk, and a disk that hangs blocks only this thread.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Writer of " + Path.GetFileName(_path) };
        _writer.Start();
    }

    /// <summary>The file written.</summary>
    public string FilePath => _path;

    /// <summary>Lines dropped because the queue was full while the file could not be written.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True while the last attempt to write failed.</summary>
    public bool IsFailing => _failures.Count > 0;

    /// <summary>Queues <paramref name="line"/>; never blocks, never throws.</summary>
    public void Append(string line)
    {
        _pending.Add();
        if (!_queue.Writer.TryWrite(line))
        {
            Done(); // disposed
        }
    }

    /// <summary>Closes the file and opens it again by name, after the lines queued so far (logrotate moved it).</summary>
    public void Reopen() => Append(ReopenMarker);

    /// <summary>Waits until every line queued so far is written or dropped (or <paramref name="timeout"/> passes); for tests and shutdown.</summary>
    public bool WaitWritten(TimeSpan timeout) => _pending.WaitDone(timeout);

    private void Done() => _pending.Done();

    private void WriteLoop()
    {
        var reader = _queue.Reader;
        try
        {
            while (reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
            {
                try
                {
                    WriteQueued(reader);
                }
                catch (Exception e) when (FailureStreak.IsSurvivable(e, _stop.Token))
                {
                    Close();
                    _onFailure?.Invoke();
                    if (_failures.Failed(e))
                    {
                        WriteFailed(_logger, _path, e.Message, reader.Count);
                    }

                    if (_stop.Token.WaitHandle.WaitOne(_failures.Backoff))
                    {
                        return; // disposed while failing
                    }

                    continue;
                }

                int streak = _failures.Succeeded();
                if (streak > 0)
                {
                    long dropped = Dropped;
                    WritingAgain(_logger, _path, dropped - _droppedReported);
                    _droppedReported = dropped;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes what is queued; a line leaves the queue only once it is written.</summary>
    private void WriteQueued(ChannelReader<string> reader)
    {
        _file ??= Open();
        while (reader.TryPeek(out string? line))
        {
            if (ReferenceEquals(line, ReopenMarker))
            {
                Close();
                _file = Open();
                reader.TryRead(out _);
                Done();
                continue;
            }

            _file.Write(line);
            _file.Write(_newLine);
            _file.Flush();
            reader.TryRead(out _);
            try
            {
                if (_maxBytes > 0 && _file.BaseStream.Length >= _maxBytes)
                {
                    Close();
                    File.Move(_path, _path + ".1", overwrite: true);
                    _file = Open();
                }
            }
            finally
            {
                Done(); // the line is written, whether the rotation after it worked or not
            }
        }
    }

    private StreamWriter Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var file = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        try
        {
            if (_header is not null && stream.Length == 0)
            {
                file.Write(_header);
                file.Write(_newLine);
                file.Flush();
            }
        }
        catch
        {
            Dispose(file);
            throw;
        }

        return file;
    }

    private void Close()
    {
        var file = _file;
        _file = null;
        if (file is not null)
        {
            Dispose(file);
        }
    }

    /// <summary>Disposing a writer whose last flush failed throws the same error again: it is already reported.</summary>
    private static void Dispose(StreamWriter file)
    {
        try
        {
            file.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Writes what is queued (for up to 2 s), then stops.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_writer.Join(TimeSpan.FromSeconds(2)))
        {
            _stop.Cancel(); // a disk that still fails: give up the lines still queued
        }

        if (_writer.Join(TimeSpan.FromSeconds(1)))
        {
            Close(); // else a write hangs in the kernel: leave the file and the thread to the process's end
            _stop.Dispose();
        }
    }

    [LoggerMessage(PlayoutLogIds.Storage + 0, LogLevel.Error, "Cannot write {Path}: {Error}; {Queued} line(s) wait and it is retried with back-off (this is said once until it works again; the audio is not affected)")]
    private static partial void WriteFailed(ILogger logger, string path, string error, int queued);

    [LoggerMessage(PlayoutLogIds.Storage + 1, LogLevel.Information, "{Path} is written again; {Dropped} line(s) were lost while it could not be")]
    private static partial void WritingAgain(ILogger logger, string path, long dropped);
}

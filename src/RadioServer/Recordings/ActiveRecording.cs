using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Recordings;

/// <summary>
/// Follows one mount's <see cref="BroadcastBuffer"/> with a cursor of its own, as a listener does, and hands each chunk
/// (shared and immutable: nothing is copied) to the <see cref="RecordingWriter"/>. It never waits on the disk, so it
/// cannot fall behind the buffer. A start or stop may be aligned to the next title change within a window: the
/// encoder starts a new chunk exactly where an item's (or the live show's) first sample lands, so a recording that
/// begins and ends on those boundaries holds the show as it aired, without a slice of what came before or after.
/// </summary>
public sealed class ActiveRecording
{
    private readonly BroadcastBuffer _buffer;
    private readonly RecordingWriter _writer;
    private readonly TimeSpan? _maxLength;
    private readonly TimeSpan _startWindow;
    private readonly Func<StreamTitle, bool>? _startTitle;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _startSequence;
    private readonly Lock _stopLock = new();
    private long _stopSequence = long.MaxValue;
    private TimeSpan _stopWindow;
    private Task? _run;

    /// <param name="startWindow">How far past the start to look for a title change to begin on (zero: begin at once).</param>
    /// <param name="maxLength">Stop after this much audio (a scheduled recording); null: until <see cref="Stop"/>.</param>
    /// <param name="startTitle">
    /// Which title to begin on (null: the first change). A live show must not begin on an automation song that happens to
    /// start while the presenter's audio is still being buffered.
    /// </param>
    public ActiveRecording(BroadcastBuffer buffer, RecordingFile file, RecordingWriter writer, TimeSpan startWindow, TimeSpan? maxLength = null,
        Func<StreamTitle, bool>? startTitle = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(writer);
        _buffer = buffer;
        _writer = writer;
        File = file;
        _startWindow = startWindow;
        _maxLength = maxLength;
        _startTitle = startTitle;
        _startSequence = buffer.Head; // what the mount appends from now on
    }

    public RecordingFile File { get; }

    /// <summary>Audio recorded so far.</summary>
    public TimeSpan Recorded { get; private set; }

    /// <summary>Completes when the last chunk is queued and the file is ended.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Starts following the buffer (on the thread pool).</summary>
    public ActiveRecording Start()
    {
        _run = Task.Run(RunAsync);
        return this;
    }

    /// <summary>
    /// Ends the recording at what the mount has appended by now, or, with <paramref name="window"/>, at the first title
    /// change within that much audio after it. A second call can only make the end come sooner.
    /// </summary>
    public void Stop(TimeSpan window = default)
    {
        lock (_stopLock)
        {
            if (_stopSequence == long.MaxValue)
            {
                _stopSequence = _buffer.Head;
                _stopWindow = window;
            }
            else if (window < _stopWindow)
            {
                _stopWindow = window;
            }

            if (_stopWindow == TimeSpan.Zero)
            {
                _stopped.TrySetResult(); // no more audio may come (the station is stopping): do not wait for it
            }
        }
    }

    private (long Sequence, TimeSpan Window) StopPoint()
    {
        lock (_stopLock)
        {
            return (_stopSequence, _stopWindow);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            long cursor = await FindStartAsync().ConfigureAwait(false);
            TimeSpan pastStop = TimeSpan.Zero;
            while (true)
            {
                var wake = _buffer.NextWake; // taken before looking, so a chunk appended meanwhile still wakes us
                ChunkRead read;
                while ((read = _buffer.TryRead(cursor, out var chunk)) == ChunkRead.Ok)
                {
                    var (stop, window) = StopPoint();
                    if (cursor >= stop)
                    {
                        if (pastStop >= window || IsTitleChange(cursor))
                        {
                            return;
                        }

                        pastStop += chunk!.Duration;
                    }

                    if (_maxLength is { } max && Recorded >= max)
                    {
                        return;
                    }

                    _writer.Append(File, chunk!.Data);
                    Recorded += chunk.Duration;
                    cursor++;
                }

                if (read == ChunkRead.Gone)
                {
                    cursor = _buffer.Tail; // only if the thread pool starved for the buffer's whole length: keep the rest
                    continue;
                }

                if (_stopped.Task.IsCompleted && cursor >= StopPoint().Sequence)
                {
                    return;
                }

                await Task.WhenAny(wake, _stopped.Task).ConfigureAwait(false);
            }
        }
        finally
        {
            _writer.End(File);
        }
    }

    /// <summary>The first sequence to record: the first (matching) title change within the start window, else the start.</summary>
    private async Task<long> FindStartAsync()
    {
        long cursor = _startSequence;
        var scanned = TimeSpan.Zero;
        while (_startWindow > TimeSpan.Zero)
        {
            var wake = _buffer.NextWake;
            ChunkRead read;
            while ((read = _buffer.TryRead(cursor, out var chunk)) == ChunkRead.Ok)
            {
                if (IsTitleChange(cursor) && (_startTitle is null || _startTitle(chunk!.Title)))
                {
                    return cursor;
                }

                scanned += chunk!.Duration;
                if (scanned >= _startWindow || cursor >= StopPoint().Sequence)
                {
                    return _buffer.TryRead(_startSequence, out _) == ChunkRead.Ok ? _startSequence : _buffer.Tail;
                }

                cursor++;
            }

            if (read == ChunkRead.Gone)
            {
                return _buffer.Tail;
            }

            await Task.WhenAny(wake, _stopped.Task).ConfigureAwait(false);
            if (_stopped.Task.IsCompleted && _buffer.TryRead(cursor, out _) == ChunkRead.NotYet)
            {
                break; // stopped (the station is stopping) before anything new came
            }
        }

        return _startSequence;
    }

    /// <summary>Whether chunk <paramref name="sequence"/> starts a new title (the encoder begins a chunk on each).</summary>
    private bool IsTitleChange(long sequence) =>
        _buffer.TryRead(sequence, out var chunk) == ChunkRead.Ok
        && (_buffer.TryRead(sequence - 1, out var before) != ChunkRead.Ok || !ReferenceEquals(before!.Title, chunk!.Title));
}

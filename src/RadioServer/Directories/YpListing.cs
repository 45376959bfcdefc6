using RadioServer.Configuration;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Directories;

/// <summary>
/// One mount in one directory: add (which returns the SID and the touch interval), then touch at the directory's
/// <c>TouchFreq</c> (never more often than <c>min_touch_seconds</c>) and early when the title changes, and remove when
/// the station stops. A touch the directory refuses means it dropped the listing (an unknown SID): the mount is added
/// again at once. Any other failure waits a back-off that doubles from <c>retry_seconds</c> to
/// <c>max_retry_seconds</c>, keeps the SID (a directory briefly down still has it), is counted every time and logged
/// once per streak.
/// </summary>
internal sealed class YpListing
{
    /// <summary>Icecast touches 5 s after an add, so the new listing gets its title soon; we do too (or sooner, with a shorter interval).</summary>
    private static readonly TimeSpan FirstTouch = TimeSpan.FromSeconds(5);

    private readonly YpClient _client;
    private readonly YpStream _stream;
    private readonly Func<YpStatus> _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string> _countFailure;
    private readonly TimeSpan _minTouch;
    private readonly FailureStreak _failures;
    private TimeSpan _interval;
    private TaskCompletionSource _titleChanged = NewSignal();
    private volatile string? _sid;
    private string? _sentTitle;
    private DateTimeOffset _lastTouch;
    private bool _announced;

    public YpListing(YpClient client, string mount, YpStream stream, Func<YpStatus> status, DirectoryOptions options, TimeProvider time, ILogger logger,
        Action<string> countFailure)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        Mount = mount;
        _stream = stream;
        _status = status;
        _time = time;
        _logger = logger;
        _countFailure = countFailure;
        _minTouch = TimeSpan.FromSeconds(options.MinTouchSeconds);
        _interval = Clamp(TimeSpan.FromSeconds(options.TouchIntervalSeconds));
        _failures = new FailureStreak(TimeSpan.FromSeconds(options.RetrySeconds), TimeSpan.FromSeconds(Math.Max(options.RetrySeconds, options.MaxRetrySeconds)));
    }

    /// <summary>The mount's path.</summary>
    public string Mount { get; }

    /// <summary>The directory's address.</summary>
    public string Directory => _client.Name;

    /// <summary>Whether the directory lists the mount now (it gave us a SID that no touch has refused since).</summary>
    public bool Listed => _sid is not null;

    /// <summary>The interval touches follow now.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>Asks for an early touch: a new title is on air. Cheap; called on the thread that changed the title.</summary>
    public void TitleChanged() => Volatile.Read(ref _titleChanged).TrySetResult();

    /// <summary>Adds and touches until <paramref name="ct"/> is cancelled; never throws.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            bool touchWait = false;
            string action = _sid is null ? "add" : "touch";
            try
            {
                if (_sid is null)
                {
                    await AddAsync(ct).ConfigureAwait(false);
                    wait = _interval < FirstTouch ? _interval : FirstTouch;
                }
                else
                {
                    await TouchAsync(ct).ConfigureAwait(false);
                    wait = _interval;
                }

                touchWait = true;
            }
            catch (Exception e) when (FailureStreak.IsSurvivable(e, ct))
            {
                _countFailure("directory");
                bool fresh = _failures.Failed(e);
                if (e is YpRefusedException && action == "touch")
                {
                    _sid = null; // the directory no longer knows this SID (expired, restarted): list the mount anew at once
                    wait = TimeSpan.Zero;
                    if (fresh)
                    {
                        DirectoryLog.TouchRefused(_logger, Directory, Mount, e.Message);
                    }
                }
                else
                {
                    wait = _failures.Backoff;
                    if (fresh)
                    {
                        DirectoryLog.Failed(_logger, Directory, action, Mount, e.Message, wait.TotalSeconds);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!await WaitAsync(wait, touchWait, ct).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Takes the listing down, within <paramref name="limit"/>; never throws (a directory drops a listing whose touches stop anyway).</summary>
    public async Task RemoveAsync(TimeSpan limit, CancellationToken ct)
    {
        if (_sid is not { } sid)
        {
            return;
        }

        _sid = null;
        try
        {
            var answer = await _client.SendAsync(YpForm.Remove(sid), limit, ct).ConfigureAwait(false);
            if (answer.Ok)
            {
                DirectoryLog.Removed(_logger, Mount, Directory);
            }
            else
            {
                _countFailure("directory");
                DirectoryLog.RemoveFailed(_logger, Mount, Directory, answer.Message);
            }
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            _countFailure("directory");
            DirectoryLog.RemoveFailed(_logger, Mount, Directory, e is OperationCanceledException ? "the station's stop budget ran out" : e.Message);
        }
    }

    private async Task AddAsync(CancellationToken ct)
    {
        var answer = await _client.SendAsync(YpForm.Add(_stream), ct).ConfigureAwait(false);
        if (!answer.Ok)
        {
            throw new YpRefusedException($"refused: {answer.Message}");
        }

        if (answer.Sid is null)
        {
            throw new YpRefusedException("accepted without a SID");
        }

        _sid = answer.Sid;
        _sentTitle = null;
        _lastTouch = _time.GetUtcNow();
        if (answer.TouchFreq is { } seconds)
        {
            _interval = Clamp(TimeSpan.FromSeconds(seconds));
        }

        if (!_announced)
        {
            _announced = true;
            DirectoryLog.Listed(_logger, Mount, Directory, _interval.TotalSeconds);
        }
    }

    private async Task TouchAsync(CancellationToken ct)
    {
        var status = _status();
        var answer = await _client.SendAsync(YpForm.Touch(_sid!, status.Title, status.Listeners, status.MaxListeners, _stream.SubType), ct).ConfigureAwait(false);
        _lastTouch = _time.GetUtcNow();
        if (!answer.Ok)
        {
            throw new YpRefusedException($"refused: {answer.Message}");
        }

        _sentTitle = status.Title;
        if (answer.TouchFreq is { } seconds)
        {
            _interval = Clamp(TimeSpan.FromSeconds(seconds));
        }

        DirectoryLog.Touched(_logger, Mount, Directory, status.Title, status.Listeners);
        if (_failures.Succeeded() is > 0 and var failures)
        {
            DirectoryLog.Recovered(_logger, Directory, Mount, failures);
        }
    }

    /// <summary>
    /// Waits <paramref name="wait"/>; when <paramref name="touchWait"/>, a new title moves the touch earlier, but never
    /// closer than <c>min_touch_seconds</c> to the last one. False when the station is stopping.
    /// </summary>
    private async Task<bool> WaitAsync(TimeSpan wait, bool touchWait, CancellationToken ct)
    {
        var due = _time.GetUtcNow() + wait;
        while (true)
        {
            var left = due - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return !ct.IsCancellationRequested;
            }

            var signal = Volatile.Read(ref _titleChanged);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(left, _time, stop.Token);
            var done = touchWait ? await Task.WhenAny(delay, signal.Task).ConfigureAwait(false) : delay;
            if (done == delay)
            {
                try
                {
                    await delay.ConfigureAwait(false);
                    return true;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }

            await stop.CancelAsync().ConfigureAwait(false); // the timer is not needed any more
            Interlocked.CompareExchange(ref _titleChanged, NewSignal(), signal);
            if (_status().Title == _sentTitle)
            {
                continue;
            }

            var earliest = _lastTouch + _minTouch;
            var now = _time.GetUtcNow();
            due = earliest > now ? earliest : now;
            if (due > now + left)
            {
                due = now + left;
            }

            touchWait = false; // later changes ride on this touch: it reads the title when it is sent
        }
    }

    private TimeSpan Clamp(TimeSpan interval) => interval < _minTouch ? _minTouch : interval;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

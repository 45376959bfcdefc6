namespace RadioServer.Playout.Monitoring;

/// <summary>
/// The one policy every background loop follows (playout aside): catch, log once with context, back off, carry on.
/// A streak is the run of failures between two successes. Its first failure, and any failure that differs from the
/// one before it, is worth a log line (<see cref="Failed(Exception)"/> returns <c>true</c>); a failure that repeats the last one
/// is not, so a disk that stays full or a server that stays down writes one line, not one per block or per retry.
/// <see cref="Succeeded"/> ends the streak and says how many failures it held, for one "working again" line.
/// The back-off doubles from <c>initial</c> to <c>max</c> within a streak. Thread-safe.
/// </summary>
public sealed class FailureStreak(TimeSpan initial, TimeSpan max)
{
    private readonly Lock _gate = new();
    private string? _last;
    private int _count;
    private readonly TimeSpan _initial = initial;
    private TimeSpan _backoff = initial;

    public FailureStreak()
        : this(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))
    {
    }

    /// <summary>Failures in the current streak (0 while things work).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>How long to wait before the next try: doubles with every failure of the streak, up to the maximum.</summary>
    public TimeSpan Backoff
    {
        get
        {
            lock (_gate)
            {
                return _backoff;
            }
        }
    }

    /// <summary>Counts a failure; <c>true</c> when it should be logged (the first of the streak, or not the same as the last).</summary>
    public bool Failed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Failed($"{error.GetType().FullName}: {error.Message}");
    }

    /// <summary>As <see cref="Failed(Exception)"/>, for a failure described by a key of its own.</summary>
    public bool Failed(string key)
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, max.Ticks));
            }

            _count++;
            bool fresh = !string.Equals(key, _last, StringComparison.Ordinal);
            _last = key;
            return fresh;
        }
    }

    /// <summary>Ends the streak; returns how many failures it held (0: there was none, nothing to say).</summary>
    public int Succeeded()
    {
        lock (_gate)
        {
            int count = _count;
            _count = 0;
            _last = null;
            _backoff = _initial;
            return count;
        }
    }

    /// <summary>
    /// Whether a background loop may catch <paramref name="error"/> and carry on: everything but cancellation it asked
    /// for and the runtime's own fatal states (out of memory, a corrupt stack).
    /// </summary>
    public static bool IsSurvivable(Exception error, CancellationToken stopping) =>
        error is not (OutOfMemoryException or StackOverflowException or AccessViolationException or InsufficientExecutionStackException)
        && !(error is OperationCanceledException && stopping.IsCancellationRequested);
}

using System.Threading.Tasks.Sources;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// One listener's reusable wait for the broadcast buffer's next wake-up (or for its cancellation). It exists so
/// that waiting allocates nothing per write: awaiting the buffer's shared wake task with a cancellation token
/// (<c>Task.WaitAsync</c>) allocated a promise per listener per wake, and many continuations on one task grow
/// a list per wake. Armed for one wait at a time; the first <see cref="Signal"/> after <see cref="Arm"/> completes it.
/// </summary>
internal sealed class ListenerWaiter : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _armed;

    /// <summary>The wake clock (a mount's) that gave this listener its <see cref="Phase"/> (set under its lock).</summary>
    internal ListenerWakeClock? PhaseOwner { get; set; }

    /// <summary>Which of <see cref="PhaseOwner"/>'s wake-up phases this listener is in: a mount's listeners take them in turn.</summary>
    internal int Phase { get; set; }

    /// <summary>Starts a new wait; call it before looking for data, then subscribe to the buffer.</summary>
    public void Arm()
    {
        _core.Reset();
        Volatile.Write(ref _armed, 1);
    }

    /// <summary>
    /// Ends the current wait, if one is armed (later signals are ignored until the next <see cref="Arm"/>). With
    /// <paramref name="inline"/> the listener's loop continues on this thread before this returns (the buffer's wake
    /// batches); else it is queued to the thread pool (a cancellation must not run a listener's loop in its caller).
    /// </summary>
    public void Signal(bool inline)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _core.RunContinuationsAsynchronously = !inline; // only the one signal that won the exchange gets here
            _core.SetResult(true);
        }
    }

    /// <summary>Completes at the first signal since <see cref="Arm"/> (at once if it already came).</summary>
    public ValueTask WaitAsync() => new(this, _core.Version);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

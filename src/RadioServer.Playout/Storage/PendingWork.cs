namespace RadioServer.Playout.Storage;

/// <summary>
/// Work a background writer has queued and not finished, and a wait for all of it to be done (tests and shutdown use
/// the wait; the audio never does). One count per queued item: <see cref="Add"/> when it is queued, <see cref="Done"/>
/// when it is written, dropped or refused.
/// </summary>
public sealed class PendingWork
{
    /// <summary>Pulsed at every <see cref="Done"/>, for <see cref="WaitDone"/> (a monitor: <see cref="Lock"/> has no wait).</summary>
    private readonly object _progress = new();
    private long _pending;

    /// <summary>Items queued and not yet done.</summary>
    public long Count => Interlocked.Read(ref _pending);

    public void Add() => Interlocked.Increment(ref _pending);

    public void Done()
    {
        Interlocked.Decrement(ref _pending);
        lock (_progress)
        {
            Monitor.PulseAll(_progress);
        }
    }

    /// <summary>Waits until every item queued so far is done, or <paramref name="timeout"/> passes; true when all are done.</summary>
    public bool WaitDone(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_progress)
        {
            while (Count > 0)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_progress, TimeSpan.FromMilliseconds(left)))
                {
                    return Count == 0;
                }
            }
        }

        return true;
    }
}

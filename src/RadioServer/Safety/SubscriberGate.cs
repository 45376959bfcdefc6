namespace RadioServer.Safety;

/// <summary>A count of long-lived subscribers (the now-playing event stream) with a ceiling: past it, refuse at once.</summary>
public sealed class SubscriberGate(int limit)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a place, or returns false when <c>limit</c> (above 0) subscribers are in; every true needs one <see cref="Leave"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) > limit && limit > 0)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        return true;
    }

    public void Leave() => Interlocked.Decrement(ref _count);
}

using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// The selector the engine holds when the schedule may be reloaded: a validated new <see cref="Scheduler"/> is
/// staged from any thread and swapped in atomically at the next pick (the playing item is never touched), carrying
/// on from the old one's history and counts.
/// </summary>
public sealed class ReloadableScheduler(Scheduler initial) : IItemSelector
{
    private Scheduler _current = initial ?? throw new ArgumentNullException(nameof(initial));
    private Scheduler? _staged;

    /// <summary>The scheduler now deciding (the staged one takes over at the next pick).</summary>
    public Scheduler Current => Volatile.Read(ref _current);

    /// <summary>Hands over to <paramref name="next"/> at the next pick.</summary>
    public void Stage(Scheduler next) => Volatile.Write(ref _staged, next ?? throw new ArgumentNullException(nameof(next)));

    public PlayoutItem? PickNext(DateTimeOffset airTime)
    {
        if (Interlocked.Exchange(ref _staged, null) is { } next)
        {
            next.ContinueFrom(_current);
            Volatile.Write(ref _current, next);
        }

        return _current.PickNext(airTime);
    }

    /// <summary>The longer of the deciding scheduler's and the staged one's (which may decide the next pick).</summary>
    public TimeSpan TransitionReach =>
        Volatile.Read(ref _staged) is { } staged && staged.TransitionReach > Current.TransitionReach ? staged.TransitionReach : Current.TransitionReach;

    public DateTimeOffset? NextCut(DateTimeOffset itemStart) => _current.NextCut(itemStart);

    public void OnAired(PlayoutItem item, DateTimeOffset airTime) => _current.OnAired(item, airTime);
}

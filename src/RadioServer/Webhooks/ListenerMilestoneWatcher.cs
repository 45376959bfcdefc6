namespace RadioServer.Webhooks;

/// <summary>
/// Publishes <c>listener_milestone</c>: looks at the total listeners every <see cref="Interval"/> and reports a milestone
/// when the count rises to it. A milestone is armed again only once the count has fallen 10 % below it (at least one
/// listener), so a count hovering at the line reports it once, not at every wobble. When the count jumps past several
/// milestones at once, only the highest is reported (the lower ones count as reached).
/// </summary>
internal sealed class ListenerMilestoneWatcher : IDisposable
{
    private readonly int[] _milestones;
    private readonly bool[] _reached;
    private readonly Func<int> _total;
    private readonly Action<int> _reachedMilestone;
    private readonly Lock _gate = new();
    private readonly ITimer? _timer;

    /// <summary>Watches <paramref name="total"/> on <paramref name="time"/>'s clock when given; else only <see cref="Observe"/> drives it.</summary>
    public ListenerMilestoneWatcher(IEnumerable<int> milestones, Func<int> total, Action<int> reached, TimeProvider? time)
    {
        _milestones = [.. milestones.Where(m => m > 0).Distinct().Order()];
        _reached = new bool[_milestones.Length];
        _total = total;
        _reachedMilestone = reached;
        if (time is not null && _milestones.Length > 0)
        {
            _timer = time.CreateTimer(static s => ((ListenerMilestoneWatcher)s!).Tick(), this, Interval, Interval);
        }
    }

    /// <summary>How often the count is looked at.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The listener count at which a reached <paramref name="milestone"/> is armed again: 10 % below it, at least one below.</summary>
    public static int RearmBelow(int milestone) => milestone - Math.Max(1, milestone / 10);

    /// <summary>Takes in the count now; returns the milestone it reached (and reports it), or null.</summary>
    public int? Observe(int total)
    {
        int? reached = null;
        lock (_gate)
        {
            for (int i = 0; i < _milestones.Length; i++)
            {
                if (!_reached[i] && total >= _milestones[i])
                {
                    _reached[i] = true;
                    reached = _milestones[i];
                }
                else if (_reached[i] && total < RearmBelow(_milestones[i]))
                {
                    _reached[i] = false;
                }
            }
        }

        if (reached is { } m)
        {
            _reachedMilestone(m);
        }

        return reached;
    }

    public void Dispose() => _timer?.Dispose();

    private void Tick()
    {
        try
        {
            Observe(_total());
        }
        catch (Exception e) when (Playout.Monitoring.FailureStreak.IsSurvivable(e, CancellationToken.None))
        {
            // a timer callback must not throw (it would end the process); the next tick looks again
        }
    }
}

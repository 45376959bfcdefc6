using Microsoft.Extensions.Time.Testing;
using RadioServer.Webhooks;

namespace RadioServer.Tests.Webhooks;

/// <summary><c>listener_milestone</c>: once per rise to a milestone, with hysteresis.</summary>
[Trait("Layer", "Unit")]
public class ListenerMilestoneWatcherTests
{
    [Fact]
    public void Observe_CountHoversAtTheLine_ReportedOnceUntilItFallsTenPercentBelow()
    {
        var reached = new List<int>();
        using var watcher = new ListenerMilestoneWatcher([100, 50], () => 0, reached.Add, time: null);
        foreach (int count in (int[])[0, 49, 50, 99, 100, 101, 99, 100, 99, 100, 91, 100, 89, 100])
        {
            watcher.Observe(count);
        }

        // 50, then 100; the wobble 99↔100 and a dip to 91 (not below 90) say nothing; 89 re-arms 100.
        Assert.Equal([50, 100, 100], reached);
    }

    [Fact]
    public void Observe_JumpPastSeveral_ReportsTheHighestOnly()
    {
        var reached = new List<int>();
        using var watcher = new ListenerMilestoneWatcher([10, 100, 1000], () => 0, reached.Add, time: null);
        Assert.Equal(100, watcher.Observe(600));
        Assert.Null(watcher.Observe(700));
        Assert.Equal([100], reached);
        Assert.Equal(9, ListenerMilestoneWatcher.RearmBelow(10));
        Assert.Equal(1, ListenerMilestoneWatcher.RearmBelow(2));
    }

    [Fact]
    public void Timer_FakeClock_LooksEverySecond()
    {
        var time = new FakeTimeProvider();
        int listeners = 0;
        var reached = new List<int>();
        using var watcher = new ListenerMilestoneWatcher([3], () => listeners, reached.Add, time);
        listeners = 3;
        Assert.Empty(reached);
        time.Advance(ListenerMilestoneWatcher.Interval);
        Assert.Equal([3], reached);
        time.Advance(ListenerMilestoneWatcher.Interval);
        Assert.Equal([3], reached);
    }
}

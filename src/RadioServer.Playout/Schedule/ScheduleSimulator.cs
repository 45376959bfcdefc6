using RadioServer.Playout.Engine;

namespace RadioServer.Playout.Schedule;

/// <summary>
/// Runs a selector forward on virtual time the way <see cref="PlayoutEngine"/> does (pick for the air time, cut at
/// <see cref="IItemSelector.NextCut"/>, report what aired), using file durations instead of decoding audio: a week
/// of schedule in a second. Used by the <c>schedule</c> command and the schedule tests.
/// </summary>
public static class ScheduleSimulator
{
    /// <summary>Silence inserted when nothing can be played, before the selector is asked again.</summary>
    public static readonly TimeSpan SilenceStep = TimeSpan.FromSeconds(1);

    /// <summary>The running order from <paramref name="from"/> until the first item starting at or after <paramref name="until"/>.</summary>
    public static IReadOnlyList<RunningOrderEntry> Run(IItemSelector selector, IDurationSource durations, DateTimeOffset from, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(durations);
        var order = new List<RunningOrderEntry>();
        var t = from;
        int failures = 0;
        while (t < until)
        {
            var item = failures < PlayoutEngine.MaxConsecutiveFailures ? selector.PickNext(t) : null;
            if (item is null)
            {
                order.Add(new RunningOrderEntry(t, t + SilenceStep, null, SilenceStep, false));
                t += SilenceStep;
                failures = 0;
                continue;
            }

            var cut = selector.NextCut(t);
            if (durations.DurationOf(item.Track.Path) is not { } length || length <= TimeSpan.Zero)
            {
                failures++; // the engine skips an unplayable file and asks again for the same air time
                continue;
            }

            failures = 0;
            selector.OnAired(item, t);
            var end = t + length;
            bool wasCut = cut is { } c && c < end;
            if (wasCut)
            {
                end = cut!.Value;
            }

            order.Add(new RunningOrderEntry(t, end, item, length, wasCut));
            t = end;
        }

        return order;
    }
}

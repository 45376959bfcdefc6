using RadioServer.Playout.Engine;
using RadioServer.Playout.Transitions;

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
    /// <param name="station">The station's transition settings under each item's (default: gapless).</param>
    public static IReadOnlyList<RunningOrderEntry> Run(IItemSelector selector, IDurationSource durations, DateTimeOffset from, DateTimeOffset until,
        TransitionSettings? station = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(durations);
        station ??= TransitionSettings.Gapless;
        var order = new List<RunningOrderEntry>();
        var t = from;
        TransitionSettings? previous = null;
        var previousStart = from;
        int failures = 0;
        while (t < until)
        {
            // As the engine: the pick is for the end of the item before; a crossfade then starts it earlier.
            var item = failures < PlayoutEngine.MaxConsecutiveFailures ? selector.PickNext(t) : null;
            if (item is null)
            {
                order.Add(new RunningOrderEntry(t, t + SilenceStep, null, SilenceStep, false));
                t += SilenceStep;
                failures = 0;
                previous = null;
                continue;
            }

            if (durations.DurationOf(item.Track.Path) is not { } length || length <= TimeSpan.Zero)
            {
                failures++; // the engine skips an unplayable file and asks again for the same air time
                continue;
            }

            var settings = (item.Transition ?? TransitionSettings.Inherit).Over(station);
            var overlap = previous is null ? TimeSpan.Zero : TransitionPlan.Between(previous, settings).Overlap;
            var half = TimeSpan.FromTicks(Math.Min((t - previousStart).Ticks, length.Ticks) / 2);
            if (overlap > half)
            {
                overlap = half; // never over more than half of the item before, nor of this one
            }

            if (item.NotBefore is { } notBefore && t - overlap < notBefore)
            {
                overlap = t > notBefore ? t - notBefore : TimeSpan.Zero; // a hard insert starts on its time
            }

            var start = t - overlap;
            var cut = selector.NextCut(t);
            failures = 0;
            selector.OnAired(item, start);
            var end = start + length;
            bool wasCut = cut is { } c && c < end;
            if (wasCut)
            {
                end = cut!.Value;
            }

            order.Add(new RunningOrderEntry(start, end, item, length, wasCut, (selector as Scheduler)?.LastKind));
            previous = settings;
            previousStart = start;
            t = end;
        }

        return order;
    }
}

using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Schedule;

/// <summary>One line of a running order: an item (null for silence) from <see cref="Start"/> to <see cref="End"/>.</summary>
/// <param name="WasCut">The item was faded out at <see cref="End"/> before its natural end (for an insert).</param>
/// <param name="Kind">Why it was picked (when the selector is a <see cref="Scheduler"/>); null for silence.</param>
public sealed record RunningOrderEntry(DateTimeOffset Start, DateTimeOffset End, PlayoutItem? Item, TimeSpan FullLength, bool WasCut, PickKind? Kind = null)
{
    public TimeSpan Length => End - Start;
}

namespace RadioServer.Playout.Schedule;

/// <summary>
/// A wall-clock time range in the station zone. When <see cref="End"/> is not after <see cref="Start"/> the range
/// runs overnight and belongs to the day it starts on. An end of 24:00 is written as <see cref="TimeOnly.MinValue"/>
/// with <see cref="EndsAtMidnight"/> set.
/// </summary>
public sealed record WeeklyRange(TimeOnly Start, TimeOnly End, bool EndsAtMidnight)
{
    /// <summary>Whether the range runs past midnight into the next day.</summary>
    public bool IsOvernight => !EndsAtMidnight && End <= Start;

    /// <summary>Whether local time <paramref name="local"/> falls in the range started on a day accepted by <paramref name="startsOn"/>.</summary>
    public bool Contains(DateTime local, Func<DateOnly, bool> startsOn)
    {
        ArgumentNullException.ThrowIfNull(startsOn);
        var day = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (EndsAtMidnight)
        {
            return startsOn(day) && time >= Start;
        }

        if (!IsOvernight)
        {
            return startsOn(day) && time >= Start && time < End;
        }

        return (startsOn(day) && time >= Start) || (startsOn(day.AddDays(-1)) && time < End);
    }
}

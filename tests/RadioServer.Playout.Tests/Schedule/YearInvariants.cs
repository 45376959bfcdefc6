using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>The invariants the year must hold, each returning what broke it (empty when it held).</summary>
internal static class YearInvariants
{
    private static readonly TimeSpan OneMp3Frame = TimeSpan.FromMilliseconds(26);

    /// <summary>A hard insert starts within one MP3 frame of its due time, or (due with another) exactly when the one before it ends.</summary>
    public static IEnumerable<string> HardInsertsOnTime(IReadOnlyList<RunningOrderEntry> order)
    {
        for (int i = 0; i < order.Count; i++)
        {
            var e = order[i];
            if (e.Kind != PickKind.HardInsert)
            {
                continue;
            }

            var due = e.Item!.Due!.Value;
            bool backToBack = i > 0 && order[i - 1].Kind == PickKind.HardInsert && order[i - 1].Item!.Due == due;
            var slot = backToBack ? order[i - 1].End : due;
            if ((e.Start - slot).Duration() > OneMp3Frame)
            {
                yield return $"{e.Item.Insert} due {due:O} started {e.Start:O}, slot {slot:O}";
            }
        }
    }

    /// <summary>A soft insert starts within its lateness (the item before faded out if need be), or right after an insert it waited for.</summary>
    public static IEnumerable<string> SoftInsertsWithinLateness(IReadOnlyList<RunningOrderEntry> order, ScheduleDefinition schedule)
    {
        for (int i = 0; i < order.Count; i++)
        {
            var e = order[i];
            if (e.Kind != PickKind.SoftInsert)
            {
                continue;
            }

            var due = e.Item!.Due!.Value;
            var rule = schedule.Inserts.Single(r => r.Name == e.Item.Insert);
            bool waited = i > 0 && order[i - 1].Kind is PickKind.HardInsert or PickKind.SoftInsert && order[i - 1].End > due;
            if (e.Start < due - OneMp3Frame || (e.Start > due + rule.MaxLate + OneMp3Frame && !waited))
            {
                yield return $"{e.Item.Insert} due {due:O} started {e.Start:O}";
            }
        }
    }

    /// <summary>Every occurrence the oracle finds aired exactly once, and nothing else.</summary>
    public static IEnumerable<string> EachOccurrenceOnce(IReadOnlyList<RunningOrderEntry> order, string insert, IReadOnlyList<DateTimeOffset> expected, DateTimeOffset until)
    {
        var aired = order.Where(e => e.Item?.Insert == insert && e.Item.Due < until).Select(e => e.Item!.Due!.Value).ToList();
        foreach (var doubled in aired.GroupBy(d => d).Where(g => g.Count() > 1))
        {
            yield return $"{insert} due {doubled.Key:O} aired {doubled.Count()} times";
        }

        foreach (var missed in expected.Where(d => d < until).Except(aired))
        {
            yield return $"{insert} due {missed:O} missed";
        }

        foreach (var extra in aired.Except(expected))
        {
            yield return $"{insert} aired for {extra:O}, which is not an occurrence";
        }
    }

    /// <summary>A station ID after exactly every <paramref name="every"/> music tracks.</summary>
    public static IEnumerable<string> StationIdEvery(IReadOnlyList<RunningOrderEntry> order, int every)
    {
        int music = 0;
        foreach (var e in order)
        {
            if (e.Kind == PickKind.StationId)
            {
                if (music != every)
                {
                    yield return $"station ID at {e.Start:O} after {music} music tracks";
                }

                music = 0;
            }
            else if (e.Kind is PickKind.Rotation or PickKind.Request or PickKind.Fallback && ++music > every)
            {
                yield return $"{music} music tracks without a station ID at {e.Start:O}";
            }
        }
    }

    /// <summary>Each rotation pick names the override or daypart <paramref name="expected"/> says is in force at its air time.</summary>
    public static IEnumerable<string> RotationInForce(IReadOnlyList<RunningOrderEntry> order, TimeZoneInfo zone, Func<DateTime, string> expected)
    {
        for (int i = 1; i < order.Count; i++)
        {
            var e = order[i];
            if (e.Kind is not (PickKind.Rotation or PickKind.Fallback))
            {
                continue;
            }

            var pickedFor = TimeZoneInfo.ConvertTime(order[i - 1].End, zone).DateTime; // a pick is made for the end of the item before
            string source = expected(pickedFor);
            if (!e.Item!.Reason.StartsWith(source, StringComparison.Ordinal))
            {
                yield return $"{pickedFor:ddd yyyy-MM-dd HH:mm:ss.fff}: expected {source}, got {e.Item.Reason}";
            }
        }
    }

    /// <summary>
    /// Aired time equals wall time: the first item starts at <paramref name="from"/>, no silence, and each item starts
    /// where the one before ends, earlier only by a crossfade (at most <paramref name="crossfade"/>, between music).
    /// </summary>
    public static IEnumerable<string> WallTimeCovered(IReadOnlyList<RunningOrderEntry> order, DateTimeOffset from, DateTimeOffset until, TimeSpan crossfade)
    {
        if (order[0].Start != from || order[^1].End < until)
        {
            yield return $"order runs {order[0].Start:O} to {order[^1].End:O}";
        }

        var overlaps = TimeSpan.Zero;
        for (int i = 1; i < order.Count; i++)
        {
            var overlap = order[i - 1].End - order[i].Start;
            bool music = order[i - 1].Kind is PickKind.Rotation or PickKind.Fallback && order[i].Kind is PickKind.Rotation or PickKind.Fallback;
            if (order[i].Item is null || overlap < TimeSpan.Zero || overlap > (music ? crossfade : TimeSpan.Zero))
            {
                yield return $"{order[i].Start:O}: {overlap.TotalMilliseconds} ms overlap after {order[i - 1].Item?.Reason}";
            }

            overlaps += overlap;
        }

        var aired = order.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Length) - overlaps;
        if (aired != order[^1].End - from)
        {
            yield return $"aired {aired} for a wall time of {order[^1].End - from}";
        }
    }
}

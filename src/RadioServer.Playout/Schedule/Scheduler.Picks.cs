using System.Globalization;
using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Schedule;

/// <summary>The picks, one per priority level.</summary>
public sealed partial class Scheduler
{
    private (PlayoutItem Item, PickKind Kind)? PickInsert(DateTimeOffset airTime)
    {
        while (_pending.Count > 0)
        {
            // Hard before soft, then the earliest due, then the order in the file.
            var (rule, due) = _pending.OrderBy(p => p.Key.Start == InsertStart.Hard ? 0 : 1).ThenBy(p => p.Value)
                .ThenBy(p => IndexOf(p.Key)).First();
            _pending.Remove(rule);
            var pick = _rotations[rule.Playlist].Next(airTime, _history);
            if (pick is null)
            {
                ScheduleLog.InsertEmpty(_logger, rule.Name, Local(due), rule.Playlist);
                continue;
            }

            var late = airTime - due;
            string timing = late <= TimeSpan.Zero ? "on time" : $"{late.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s late";
            var kind = rule.Start == InsertStart.Hard ? PickKind.HardInsert : PickKind.SoftInsert;
            var notBefore = due;
            if (kind == PickKind.HardInsert && _lastHardInsert is { } before && before.Due == due && _lastDecision?.Kind == PickKind.HardInsert)
            {
                // Hard inserts due at one instant: the first (file order) starts on the time, each next one exactly when
                // the one before ends (its slot is that end: it is not overlapped with it, nor counted late).
                timing = $"back to back after '{before.Name}' (due at the same instant)";
                notBefore = airTime;
            }

            if (kind == PickKind.HardInsert)
            {
                _lastHardInsert = (rule.Name, due);
            }

            string why = $"{rule.Start.ToString().ToLowerInvariant()} insert '{rule.Name}' ({rule.CronText}) due {Local(due)}, {timing}; {pick.Why}";
            return (Item(rule.Playlist, pick.Track, why) with { NotBefore = notBefore, Insert = rule.Name, Due = due }, kind);
        }

        return null;
    }

    private (PlayoutItem Item, PickKind Kind)? PickStationId(DateTimeOffset airTime)
    {
        if (_schedule.StationId is not { } rule || MusicSinceStationId < rule.EveryTracks)
        {
            return null;
        }

        var pick = _rotations[rule.Playlist].Next(airTime, _history);
        return pick is null ? null : (Item(rule.Playlist, pick.Track, $"station ID after {MusicSinceStationId} music tracks; {pick.Why}"), PickKind.StationId);
    }

    private (PlayoutItem Item, PickKind Kind)? PickRequest() =>
        _requests.TryDequeue(out var track) ? (Item(null, track, "operator request"), PickKind.Request) : null;

    private (PlayoutItem Item, PickKind Kind)? PickRotation(DateTimeOffset airTime)
    {
        var local = TimeZoneInfo.ConvertTime(airTime, _schedule.Zone).DateTime;
        string source;
        IReadOnlyList<WeightedPlaylist> rotation;
        if (_schedule.Overrides.FirstOrDefault(o => o.IsActive(local)) is { } ov)
        {
            (source, rotation) = ($"override '{ov.Name}' ({ov.Date:yyyy-MM-dd})", ov.Rotation);
        }
        else if (_schedule.Dayparts.FirstOrDefault(d => d.IsActive(local)) is { } dp)
        {
            (source, rotation) = ($"daypart '{dp.Name}'", dp.Rotation);
        }
        else
        {
            (source, rotation) = ("default rotation", _schedule.DefaultRotation);
        }

        // Smooth weighted round robin: exact shares over every sum-of-weights picks, evenly interleaved.
        if (!_weights.TryGetValue(rotation, out var current))
        {
            current = new int[rotation.Count];
            _weights[rotation] = current;
        }

        int total = rotation.Sum(w => w.Weight);
        for (int attempt = 0; attempt < rotation.Count; attempt++)
        {
            int best = 0;
            for (int i = 0; i < rotation.Count; i++)
            {
                current[i] += rotation[i].Weight;
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            var wp = rotation[best];
            if (Pick(wp.Playlist, airTime) is { } pick)
            {
                string share = rotation.Count > 1 ? $" (weight {wp.Weight} of {total})" : "";
                return (Item(wp.Playlist, pick.Track, $"{source}: {pick.Why}{share}{Relaxed(pick)}"), PickKind.Rotation);
            }
        }

        return null;
    }

    private (PlayoutItem Item, PickKind Kind)? PickFallback(DateTimeOffset airTime)
    {
        if (_schedule.Fallback is not { } name || Pick(name, airTime) is not { } pick)
        {
            return null;
        }

        ScheduleLog.UsingFallback(_logger, name);
        return (Item(name, pick.Track, $"fallback: {pick.Why}{Relaxed(pick)}"), PickKind.Fallback);
    }

    private RotationPick? Pick(string playlist, DateTimeOffset airTime)
    {
        var pick = _rotations[playlist].Next(airTime, _history);
        if (pick?.Relaxed is { } relaxed && _relaxedLogged.Add($"{playlist}/{relaxed}"))
        {
            ScheduleLog.WindowRelaxed(_logger, playlist, relaxed);
        }

        return pick;
    }

    private int IndexOf(InsertRule rule)
    {
        for (int i = 0; i < _schedule.Inserts.Count; i++)
        {
            if (ReferenceEquals(_schedule.Inserts[i], rule))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string Relaxed(RotationPick pick) => pick.Relaxed is { } r ? $"; relaxed {r} (library too small)" : "";

    private string Local(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, _schedule.Zone).ToString("ddd yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}

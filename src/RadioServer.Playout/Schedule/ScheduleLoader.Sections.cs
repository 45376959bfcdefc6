using System.Globalization;
using Cronos;
using YamlDotNet.RepresentationModel;

namespace RadioServer.Playout.Schedule;

/// <summary>Dayparts, overrides, inserts and the station ID rule.</summary>
public static partial class ScheduleLoader
{
    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    private static List<Daypart> ReadDayparts(YamlNodeReader r, YamlNode node, List<(string, YamlNode)> refs)
    {
        var result = new List<Daypart>();
        foreach (var item in r.Sequence(node, "dayparts"))
        {
            var m = r.Mapping(item, "a daypart", "name", "days", "start", "end", "rotation");
            if (m is null)
            {
                continue;
            }

            string name = m.TryGetValue("name", out var n) ? r.Scalar(n.Value, "name") ?? "?" : "?";
            var days = m.TryGetValue("days", out var d) ? ReadDays(r, d.Value) : null;
            var range = ReadRange(r, item, m, $"daypart '{name}'");
            var rotation = m.TryGetValue("rotation", out var rot) ? ReadRotation(r, rot.Value, $"daypart '{name}' rotation", refs) : null;
            if (name == "?")
            {
                r.Error(item, "a daypart needs a name");
            }

            if (days is null || rotation is null)
            {
                r.Error(item, $"daypart '{name}' needs days and a rotation");
            }

            if (days is not null && range is not null && rotation is not null)
            {
                result.Add(new Daypart(name, days, range, rotation));
            }
        }

        return result;
    }

    private static List<DateOverride> ReadOverrides(YamlNodeReader r, YamlNode node, List<(string, YamlNode)> refs)
    {
        var result = new List<DateOverride>();
        foreach (var item in r.Sequence(node, "overrides"))
        {
            var m = r.Mapping(item, "an override", "name", "date", "start", "end", "rotation");
            if (m is null)
            {
                continue;
            }

            string name = m.TryGetValue("name", out var n) ? r.Scalar(n.Value, "name") ?? "?" : "?";
            DateOnly? date = null;
            if (!m.TryGetValue("date", out var dt))
            {
                r.Error(item, $"override '{name}' needs a date (yyyy-mm-dd)");
            }
            else if (r.Scalar(dt.Value, "date") is { } s)
            {
                if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    date = parsed;
                }
                else
                {
                    r.Error(dt.Value, $"date must be yyyy-mm-dd, not '{s}'");
                }
            }

            var range = ReadRange(r, item, m, $"override '{name}'");
            var rotation = m.TryGetValue("rotation", out var rot) ? ReadRotation(r, rot.Value, $"override '{name}' rotation", refs) : null;
            if (rotation is null)
            {
                r.Error(item, $"override '{name}' needs a rotation");
            }

            if (date is not null && range is not null && rotation is not null)
            {
                result.Add(new DateOverride(name, date.Value, range, rotation));
            }
        }

        return result;
    }

    private static List<InsertRule> ReadInserts(YamlNodeReader r, YamlNode node, List<(string, YamlNode)> refs)
    {
        var result = new List<InsertRule>();
        foreach (var item in r.Sequence(node, "inserts"))
        {
            var m = r.Mapping(item, "an insert", "name", "cron", "playlist", "start", "max_late_seconds");
            if (m is null)
            {
                continue;
            }

            string name = m.TryGetValue("name", out var n) ? r.Scalar(n.Value, "name") ?? "?" : "?";
            CronExpression? cron = null;
            string? cronText = null;
            if (!m.TryGetValue("cron", out var c))
            {
                r.Error(item, $"insert '{name}' needs a cron time (five fields, e.g. \"0 * * * *\")");
            }
            else if (r.Scalar(c.Value, "cron") is { } text)
            {
                cronText = text;
                try
                {
                    cron = CronExpression.Parse(text, CronFormat.Standard);
                }
                catch (CronFormatException e)
                {
                    r.Error(c.Value, $"bad cron '{text}': {e.Message}");
                }
            }

            string? playlist = null;
            if (!m.TryGetValue("playlist", out var p))
            {
                r.Error(item, $"insert '{name}' needs a playlist");
            }
            else if (r.Scalar(p.Value, "playlist") is { } pn)
            {
                playlist = pn;
                refs.Add((pn, p.Value));
            }

            var start = InsertStart.Soft;
            if (m.TryGetValue("start", out var st) && r.Scalar(st.Value, "start") is { } s
                && (!Enum.TryParse(s, ignoreCase: true, out start) || int.TryParse(s, CultureInfo.InvariantCulture, out _)))
            {
                r.Error(st.Value, $"start must be soft or hard, not '{s}'");
            }

            int maxLate = m.TryGetValue("max_late_seconds", out var ml) ? r.Int(ml.Value, "max_late_seconds", 0, 3600) ?? 0 : 120;
            if (cron is not null && playlist is not null)
            {
                result.Add(new InsertRule(name, cronText!, cron, playlist, start, TimeSpan.FromSeconds(maxLate)));
            }
        }

        return result;
    }

    private static StationIdRule? ReadStationId(YamlNodeReader r, YamlNode node, List<(string, YamlNode)> refs)
    {
        var m = r.Mapping(node, "station_id", "playlist", "every_tracks");
        if (m is null)
        {
            return null;
        }

        int? every = m.TryGetValue("every_tracks", out var e) ? r.Int(e.Value, "every_tracks", 1, 1000) : null;
        string? playlist = m.TryGetValue("playlist", out var p) ? r.Scalar(p.Value, "playlist") : null;
        if (playlist is not null)
        {
            refs.Add((playlist, p.Value));
        }

        if (!m.ContainsKey("every_tracks") || !m.ContainsKey("playlist"))
        {
            r.Error(node, "station_id needs a playlist and every_tracks");
        }

        return playlist is not null && every is not null ? new StationIdRule(playlist, every.Value) : null;
    }

    private static HashSet<DayOfWeek>? ReadDays(YamlNodeReader r, YamlNode node)
    {
        var days = new HashSet<DayOfWeek>();
        var items = node is YamlScalarNode ? [node] : r.Sequence(node, "days");
        foreach (var item in items)
        {
            string? s = r.Scalar(item, "a day");
            if (s is null)
            {
                continue;
            }

            string[] parts = s.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length is 1 or 2 && parts.All(DayNames.ContainsKey))
            {
                int from = (int)DayNames[parts[0]];
                int to = (int)DayNames[parts[^1]];
                for (int i = from; ; i = (i + 1) % 7)
                {
                    days.Add((DayOfWeek)i);
                    if (i == to)
                    {
                        break;
                    }
                }
            }
            else
            {
                r.Error(item, $"'{s}' is not a day or a range of days (mon, tue, wed, thu, fri, sat, sun; e.g. mon-fri)");
            }
        }

        return days.Count > 0 ? days : null;
    }

    private static WeeklyRange? ReadRange(YamlNodeReader r, YamlNode owner, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> m, string what)
    {
        if (!m.TryGetValue("start", out var s) || !m.TryGetValue("end", out var e))
        {
            r.Error(owner, $"{what} needs start and end times (HH:mm, station time zone)");
            return null;
        }

        var start = ReadTime(r, s.Value, "start", allowMidnightEnd: false);
        var end = ReadTime(r, e.Value, "end", allowMidnightEnd: true);
        if (start is null || end is null)
        {
            return null;
        }

        bool endsAtMidnight = end.Value.EndsAtMidnight;
        if (!endsAtMidnight && end.Value.Time == start.Value.Time)
        {
            r.Error(e.Value, $"{what} starts and ends at the same time");
            return null;
        }

        return new WeeklyRange(start.Value.Time, end.Value.Time, endsAtMidnight);
    }

    private static (TimeOnly Time, bool EndsAtMidnight)? ReadTime(YamlNodeReader r, YamlNode node, string what, bool allowMidnightEnd)
    {
        string? s = r.Scalar(node, what);
        if (s is null)
        {
            return null;
        }

        if (allowMidnightEnd && s == "24:00")
        {
            return (TimeOnly.MinValue, true);
        }

        if (TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return (t, false);
        }

        r.Error(node, $"{what} must be a time HH:mm{(allowMidnightEnd ? " (or 24:00)" : "")}, not '{s}'");
        return null;
    }
}

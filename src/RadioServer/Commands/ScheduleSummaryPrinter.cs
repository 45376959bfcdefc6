using System.Globalization;
using RadioServer.Playout.Schedule;

namespace RadioServer.Commands;

/// <summary>Prints <see cref="ScheduleSummary"/> as a table: one row per station day, then the totals.</summary>
public static class ScheduleSummaryPrinter
{
    public static void Print(TextWriter output, string station, TimeZoneInfo zone, DateTimeOffset from, double hours, IReadOnlyList<DaySummary> days)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(days);
        var inv = CultureInfo.InvariantCulture;
        var names = days.Count > 0 ? days[0].Inserts.Keys.ToList() : [];
        output.WriteLine($"{station}: summary from {TimeZoneInfo.ConvertTime(from, zone):ddd yyyy-MM-dd HH:mm:ss} for {hours.ToString(inv)} h, "
                         + $"days in {zone.Id}, real file durations");
        var widths = names.Select(n => Math.Max(n.Length, 6)).ToList();
        output.WriteLine($"{"day",-14} {"hours",5}  " + string.Concat(names.Select((n, i) => n.PadLeft(widths[i]) + "  ")) + $"{"IDs",6}  {"late",4}  worst late");
        foreach (var d in days)
        {
            output.WriteLine(Row(d.Date.ToString("ddd yyyy-MM-dd", inv), d.Hours, names.Select(n => d.Inserts[n]), d.StationIds, d.LateStarts, d.WorstLateness, widths));
        }

        output.WriteLine(Row("total", days.Sum(d => d.Hours), names.Select(n => days.Sum(d => d.Inserts[n])), days.Sum(d => d.StationIds),
            days.Sum(d => d.LateStarts), days.Select(d => d.WorstLateness).DefaultIfEmpty(TimeSpan.Zero).Max(), widths));
        output.WriteLine($"{days.Count} days");
    }

    private static string Row(string day, double hours, IEnumerable<int> inserts, int ids, int late, TimeSpan worst, List<int> widths)
    {
        var inv = CultureInfo.InvariantCulture;
        string counts = string.Concat(inserts.Select((c, i) => c.ToString(inv).PadLeft(widths[i]) + "  "));
        return $"{day,-14} {hours.ToString("0.##", inv),5}  {counts}{ids.ToString(inv),6}  {late.ToString(inv),4}  {worst.TotalSeconds.ToString("0.000", inv)} s";
    }
}

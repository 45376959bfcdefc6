using System.Globalization;
using RadioServer.Playout.Schedule;

namespace RadioServer.Commands;

/// <summary>Prints a running order as a table: start (station time), length, item, why it was picked.</summary>
public static class RunningOrderPrinter
{
    public static void Print(TextWriter output, string station, TimeZoneInfo zone, DateTimeOffset from, double hours, IReadOnlyList<RunningOrderEntry> order)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(order);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"{station}: running order from {Local(zone, from):ddd yyyy-MM-dd HH:mm:ss} for {hours.ToString(inv)} h, "
                         + $"times in {zone.Id}, real file durations");
        output.WriteLine($"{"start",-23} {"length",7}  {"item",-44} why");
        foreach (var e in order)
        {
            var start = Local(zone, e.Start);
            string length = FormatLength(e.Length);
            string title = e.Item?.Track.DisplayTitle ?? "(silence: nothing to play)";
            string why = e.Item?.Reason ?? "";
            if (e.WasCut)
            {
                why += $" [faded out at {Local(zone, e.End):HH:mm:ss.fff} of {FormatLength(e.FullLength)}]";
            }

            output.WriteLine($"{start.ToString("ddd HH:mm:ss.fff zzz", inv),-23} {length,7}  {Fit(title, 44),-44} {why}");
        }

        output.WriteLine($"{order.Count} items");
    }

    private static DateTimeOffset Local(TimeZoneInfo zone, DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);

    private static string FormatLength(TimeSpan t) => t.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);

    private static string Fit(string s, int width) => s.Length <= width ? s : string.Concat(s.AsSpan(0, width - 1), "…");
}

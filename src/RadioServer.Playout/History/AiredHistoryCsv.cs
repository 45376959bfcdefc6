using System.Globalization;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;

namespace RadioServer.Playout.History;

/// <summary>
/// The play history for royalty reports: one CSV row (RFC 4180, UTF-8) per item that really aired, written when the
/// next item starts (so the end is known): start and end in the station zone (ISO 8601 with offset), seconds aired,
/// file, artist, title, and why it was picked. Feed it <see cref="PcmBus.TrackStarted"/>.
/// </summary>
public sealed class AiredHistoryCsv(TextWriter writer, AirClock air, TimeZoneInfo zone) : IDisposable
{
    /// <summary>The header row.</summary>
    public const string Header = "start,end,seconds,file,artist,title,why";

    private TrackStart? _previous;

    /// <summary>Opens (appends to) <paramref name="path"/>, writing the header when the file is new or empty.</summary>
    public static AiredHistoryCsv Open(string path, AirClock air, TimeZoneInfo zone)
    {
        bool isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\r\n" };
        if (isNew)
        {
            writer.WriteLine(Header);
        }

        return new AiredHistoryCsv(writer, air, zone);
    }

    /// <summary>An item started on the bus: the one before it ended at that frame.</summary>
    public void OnTrackStarted(TrackStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (_previous is { } p)
        {
            writer.WriteLine(FormatRow(p, air.TimeOf(p.BusFrame), air.TimeOf(start.BusFrame), zone));
        }

        _previous = start;
    }

    /// <summary>One row for an item that aired from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static string FormatRow(TrackStart item, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(item);
        var inv = CultureInfo.InvariantCulture;
        string Time(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", inv);
        var track = item.Item.Track;
        return string.Join(',',
            Time(start), Time(end), (end - start).TotalSeconds.ToString("0.000", inv),
            Quote(track.Path), Quote(track.Artist ?? ""), Quote(track.Title ?? track.DisplayTitle), Quote(item.Item.Reason));
    }

    /// <summary>RFC 4180: quote fields holding a comma, quote or line break; double the quotes.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    public void Dispose() => writer.Dispose();
}

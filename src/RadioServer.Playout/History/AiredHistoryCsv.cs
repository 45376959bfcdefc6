using System.Globalization;
using RadioServer.Playout.Bus;
using Microsoft.Extensions.Logging;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Storage;

namespace RadioServer.Playout.History;

/// <summary>
/// The play history for royalty reports: one CSV row (RFC 4180, UTF-8) per item that really aired, written when the
/// next item starts (so the end is known): start and end in the station zone (ISO 8601 with offset), seconds aired,
/// file, artist, title, and why it was picked. Feed it <see cref="PcmBus.TrackStarted"/>; rows go to
/// <paramref name="writeRow"/> (a <see cref="QueuedTextFile"/> for the real file, so the playout thread that raises
/// the event never waits on the disk).
/// </summary>
public sealed class AiredHistoryCsv(Action<string> writeRow, AirClock air, TimeZoneInfo zone, IDisposable? file = null) : IDisposable
{
    /// <summary>The header row.</summary>
    public const string Header = "start,end,seconds,file,artist,title,why";

    private TrackStart? _previous;

    /// <summary>
    /// Appends to <paramref name="path"/> in the background, with the header when the file is new or empty. A disk
    /// that fails costs one log line per streak (and <paramref name="onFailure"/> per attempt); rows wait and are
    /// written when it works again.
    /// </summary>
    public static AiredHistoryCsv Open(string path, AirClock air, TimeZoneInfo zone, ILogger logger, Action? onFailure = null)
    {
        var file = new QueuedTextFile(path, logger, Header, newLine: "\r\n", onFailure: onFailure);
        return new AiredHistoryCsv(file.Append, air, zone, file);
    }

    /// <summary>An item started on the bus: the one before it ended at that frame.</summary>
    public void OnTrackStarted(TrackStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (_previous is { } p)
        {
            writeRow(FormatRow(p, air.TimeOf(p.BusFrame), air.TimeOf(start.BusFrame), zone));
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

    /// <summary>Waits until the rows so far are on disk (or <paramref name="timeout"/> passes): for tests, whose machine may be too busy for the 2 s that closing waits.</summary>
    public bool Flush(TimeSpan timeout) => file is not QueuedTextFile queued || queued.WaitWritten(timeout);

    public void Dispose() => file?.Dispose();
}

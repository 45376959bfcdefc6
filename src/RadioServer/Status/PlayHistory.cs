using RadioServer.Hosting;
using RadioServer.Playout.Engine;

namespace RadioServer.Status;

/// <summary>What aired recently (newest first), for <c>/played.html</c> and the APIs. Fed by the PCM bus.</summary>
public sealed class PlayHistory
{
    private readonly LinkedList<PlayedItem> _items = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public PlayHistory(Station station, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(station);
        _capacity = Math.Max(1, station.Options.HistoryLength);
        _time = time;
        station.Bus.TrackStarted += OnTrackStarted;
    }

    public IReadOnlyList<PlayedItem> Recent
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    private void OnTrackStarted(TrackStart start)
    {
        var item = new PlayedItem(_time.GetUtcNow(), start.Item.Track.DisplayTitle, start.Item.Track.Path);
        lock (_lock)
        {
            _items.AddFirst(item);
            while (_items.Count > _capacity)
            {
                _items.RemoveLast();
            }
        }
    }
}

/// <summary>One aired item.</summary>
public sealed record PlayedItem(DateTimeOffset Started, string Title, string Path);

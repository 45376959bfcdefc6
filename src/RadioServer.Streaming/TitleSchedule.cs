using RadioServer.Playout.Bus;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming;

/// <summary>
/// Tells an encoder at which of its output units (MP3 frame, Opus packet) a new title begins. Track starts are
/// mapped from bus frames to units: resampled to the encoder's rate, shifted by its delay, divided by the unit
/// length. An operator's override (<c>/admin/metadata</c>, from any thread) applies from the next unit.
/// </summary>
internal sealed class TitleSchedule(double rateRatio, int delaySamples, int samplesPerUnit)
{
    private readonly Queue<(long Unit, StreamTitle Title, string? Item)> _pending = new();
    private StreamTitle? _override;

    public void Override(StreamTitle title) => Volatile.Write(ref _override, title);

    /// <summary>Takes the block's track starts (and any override) before the block is encoded.</summary>
    public void Collect(PcmBlock block, long nextUnit)
    {
        if (Interlocked.Exchange(ref _override, null) is { } manual)
        {
            _pending.Enqueue((nextUnit, manual, null));
        }

        var starts = block.TrackStarts;
        for (int i = 0; i < starts.Count; i++) // by index: foreach over the interface would box an enumerator per block
        {
            var start = starts[i];
            long sample = (long)Math.Round(start.BusFrame * rateRatio) + delaySamples;
            _pending.Enqueue((sample / samplesPerUnit, StreamTitle.ForTrack(start.Item.Track), ItemName(start.Item.Track.Path)));
        }
    }

    /// <summary>What an item is called outside the station: a file's name, a relay's host (never its path or query: tokens).</summary>
    private static string ItemName(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? "relay:" + uri.Host : Path.GetFileName(path);

    /// <summary>The title that begins at or before <paramref name="unit"/>, if one is due (the latest wins).</summary>
    public bool TryTake(long unit, out StreamTitle title) => TryTake(unit, out title, out _);

    /// <summary>As <see cref="TryTake(long, out StreamTitle)"/>, with the item's file name (null for an operator's override).</summary>
    public bool TryTake(long unit, out StreamTitle title, out string? item)
    {
        title = null!;
        item = null;
        while (_pending.Count > 0 && _pending.Peek().Unit <= unit)
        {
            (_, title, item) = _pending.Dequeue();
        }

        return title is not null;
    }
}

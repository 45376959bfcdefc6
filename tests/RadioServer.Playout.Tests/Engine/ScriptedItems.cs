using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>A fixed running order of constant-valued items (each its own value, never zero), each with its own transition settings.</summary>
internal sealed class ScriptedItems(int sampleRate, int channels, params (double Seconds, float Value, TransitionSettings? Transition)[] items)
    : IItemSelector, IItemOpener
{
    private int _next;

    public List<(PlayoutItem Item, DateTimeOffset AirTime)> Aired { get; } = [];

    public PlayoutItem? PickNext(DateTimeOffset airTime)
    {
        if (_next >= items.Length)
        {
            return null;
        }

        int i = _next++;
        return new PlayoutItem(new TrackInfo($"/scripted/{i}.mp3", "Scripted", $"Item {i}", null), $"item {i}", Transition: items[i].Transition);
    }

    public void OnAired(PlayoutItem item, DateTimeOffset airTime) => Aired.Add((item, airTime));

    public OpenedItem Open(PlayoutItem item)
    {
        int i = int.Parse(Path.GetFileNameWithoutExtension(item.Track.Path), System.Globalization.CultureInfo.InvariantCulture);
        long frames = (long)Math.Round(items[i].Seconds * sampleRate);
        return OpenedItem.Ok(new ConstantSampleProvider(sampleRate, channels, frames, items[i].Value), null, TimeSpan.FromSeconds(items[i].Seconds));
    }
}

/// <summary>Keeps every sample of the bus (for tests that look at the shape of fades).</summary>
internal sealed class PcmCapture : IPcmSink
{
    public List<float> Samples { get; } = [];

    public List<TrackStart> Starts { get; } = [];

    public void Write(PcmBlock block)
    {
        Samples.AddRange(block.Samples);
        Starts.AddRange(block.TrackStarts);
    }
}

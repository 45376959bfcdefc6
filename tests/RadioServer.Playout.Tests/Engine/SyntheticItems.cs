using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>
/// Items made of a constant, non-zero value each (so any silence or gap in the bus is visible), with lengths
/// that are deliberately not multiples of the block size. Used where a test needs hours of audio fast.
/// </summary>
internal sealed class SyntheticItems(int sampleRate, int channels, params double[] seconds) : IItemSelector, IItemOpener
{
    private int _next;

    public List<long> LengthsInFrames { get; } = [];

    public PlayoutItem PickNext(DateTimeOffset airTime)
    {
        int i = _next++;
        return new PlayoutItem(new TrackInfo($"/synthetic/{i}.mp3", "Tone", $"Item {i}", null), $"synthetic item {i}");
    }

    public OpenedItem Open(PlayoutItem item)
    {
        int index = int.Parse(Path.GetFileNameWithoutExtension(item.Track.Path), System.Globalization.CultureInfo.InvariantCulture);
        long frames = (long)Math.Round(seconds[index % seconds.Length] * sampleRate);
        LengthsInFrames.Add(frames);
        float value = 0.1f * ((index % 5) + 1);
        return OpenedItem.Ok(new ConstantSampleProvider(sampleRate, channels, frames, value), null, TimeSpan.FromSeconds((double)frames / sampleRate));
    }
}

using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Tests.Engine;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Opens any path as a constant 0.5 tone as long as its (fake) duration: schedules run on the real engine without files.</summary>
internal sealed class ToneOpener(StationFormat format, IDurationSource durations) : IItemOpener
{
    public OpenedItem Open(PlayoutItem item)
    {
        var length = durations.DurationOf(item.Track.Path)!.Value;
        long frames = (long)Math.Round(length.TotalSeconds * format.SampleRate);
        return OpenedItem.Ok(new ConstantSampleProvider(format.SampleRate, format.Channels, frames, 0.5f), null, length);
    }
}

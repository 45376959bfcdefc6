using NAudio.Wave;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>
/// How much the engine asks of an item's source at once. NAudio's providers keep buffers as large as the largest read
/// they were asked for; reading a crossfade's seconds ahead in one call made them large objects, new for every item.
/// </summary>
public class PlayoutDeckReadSizeTests
{
    [Fact]
    public void RenderNextBlock_SixSecondCrossfades_NoReadAsksForMoreThanMaxReadFrames()
    {
        const int rate = 44100;
        var opener = new MeasuredItems(rate, 2, 12);
        var bus = new PcmBus(new StationFormat(rate, 2));
        var capture = new PcmCapture();
        bus.Attach(capture);
        var crossfade = TransitionSettings.StationDefaults with { Crossfade = TimeSpan.FromSeconds(6), Curve = FadeCurve.EqualPower };
        using (var engine = new PlayoutEngine(opener, opener, bus, new ListLogger(), TimeSpan.FromMilliseconds(50)) { StationTransitions = crossfade })
        {
            for (int i = 0; i < 40 * 20; i++)
            {
                engine.RenderNextBlock();
            }
        }

        Assert.True(opener.Reads > 100, $"{opener.Reads} reads"); // the items really were read
        Assert.InRange(opener.LargestRead, 1, PlayoutDeck.MaxReadFrames * 2);
        Assert.True(opener.Opened >= 4, $"{opener.Opened} items"); // 40 s of 12 s items overlapping by 6 s: the read-ahead of each crossfade ran
        Assert.DoesNotContain(0f, capture.Samples.Skip(rate).Take(30 * rate * 2)); // and the air never fell silent between them
    }

    /// <summary>Constant items that remember the largest read asked of any of them (in samples).</summary>
    private sealed class MeasuredItems(int sampleRate, int channels, double seconds) : IItemSelector, IItemOpener
    {
        private int _next;

        public int LargestRead { get; private set; }

        public int Reads { get; private set; }

        public int Opened { get; private set; }

        public PlayoutItem PickNext(DateTimeOffset airTime)
        {
            int i = _next++;
            return new PlayoutItem(new TrackInfo($"/measured/{i}.mp3", "Tone", $"Item {i}", null), $"measured item {i}");
        }

        public OpenedItem Open(PlayoutItem item)
        {
            Opened++;
            var source = new ConstantSampleProvider(sampleRate, channels, (long)(seconds * sampleRate), 0.1f * ((Opened % 5) + 1));
            return OpenedItem.Ok(new Measuring(source, this), null, TimeSpan.FromSeconds(seconds));
        }

        private sealed class Measuring(ISampleProvider source, MeasuredItems owner) : ISampleProvider
        {
            public WaveFormat WaveFormat => source.WaveFormat;

            public int Read(Span<float> buffer)
            {
                owner.Reads++;
                owner.LargestRead = Math.Max(owner.LargestRead, buffer.Length);
                return source.Read(buffer);
            }
        }
    }
}

using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>Crossfades, fades and breaks as the engine plays them, measured sample by sample on the bus.</summary>
public class PlayoutEngineTransitionTests
{
    private const int Rate = 8000;
    private static readonly StationFormat Format = new(Rate, 1);

    private static (float[] Pcm, List<TrackStart> Starts, ScriptedItems Items) Play(TransitionSettings station, double seconds,
        params (double Seconds, float Value, TransitionSettings? Transition)[] items)
    {
        var script = new ScriptedItems(Rate, 1, items);
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        using var engine = new PlayoutEngine(script, script, bus, new ListLogger(), TimeSpan.FromMilliseconds(50)) { StationTransitions = station };
        for (int i = 0; i < seconds * 20; i++)
        {
            engine.RenderNextBlock();
        }

        return ([.. capture.Samples], capture.Starts, script);
    }

    /// <summary>Frames where the output is neither item alone (nor silence): the measured overlap.</summary>
    private static int MixedFrames(float[] pcm, float a, float b) =>
        pcm.Count(s => Math.Abs(s - a) > 1e-4 && Math.Abs(s - b) > 1e-4 && Math.Abs(s) > 1e-6);

    private static TransitionSettings Crossfade(double seconds, FadeCurve curve) =>
        TransitionSettings.StationDefaults with { Crossfade = TimeSpan.FromSeconds(seconds), Curve = curve };

    [Theory]
    [InlineData(FadeCurve.Linear)]
    [InlineData(FadeCurve.EqualPower)]
    [InlineData(FadeCurve.Logarithmic)]
    public void RenderNextBlock_TwoSecondCrossfade_OverlapMeasures2sAndTheNextStartsAtItsBeginning(FadeCurve curve)
    {
        var (pcm, starts, _) = Play(Crossfade(2, curve), 9, (5, 0.8f, null), (5, -0.4f, null));
        Assert.InRange((double)MixedFrames(pcm, 0.8f, -0.4f) / Rate, 1.95, 2.05);
        Assert.Equal([0L, 3L * Rate], starts.Select(s => s.BusFrame));
        Assert.Equal(0.8f, pcm[(3 * Rate) - 1]);
        Assert.Equal(-0.4f, pcm[5 * Rate]);
        Assert.Equal(0f, pcm[8 * Rate]); // 5 + 5 − 2 s: the second item ended and nothing follows
    }

    [Fact]
    public void RenderNextBlock_LinearCrossfade_MidpointIsTheAverage()
    {
        var (pcm, _, _) = Play(Crossfade(2, FadeCurve.Linear), 9, (5, 0.8f, null), (5, -0.4f, null));
        Assert.Equal(0.2f, pcm[4 * Rate], 2);
    }

    [Fact]
    public void RenderNextBlock_SongThenNews_SongFadesOutThenNewsStartsCleanlyAfterIt()
    {
        var news = new TransitionSettings(Role: ItemRole.News, BreakFade: TimeSpan.FromSeconds(1.5));
        var (pcm, starts, _) = Play(Crossfade(2, FadeCurve.EqualPower), 9, (5, 0.8f, null), (3, -0.4f, news));

        Assert.Equal([0L, 5L * Rate], starts.Select(s => s.BusFrame)); // no overlap: the news starts where the song ends
        Assert.Equal(0.8f, pcm[(long)(3.4 * Rate)]);                     // the song is untouched before its fade
        Assert.InRange(pcm[(long)(4.25 * Rate)], 0.5f, 0.65f);            // equal-power: cos(π/4) × 0.8 half way
        Assert.InRange(pcm[(5 * Rate) - 1], 0f, 0.01f);                   // faded out by its last sample
        Assert.Equal(-0.4f, pcm[5 * Rate]);                               // the news at full level from its first sample
        Assert.Equal(0, MixedFrames(pcm[(5 * Rate)..], 0.8f, -0.4f));
    }

    [Fact]
    public void RenderNextBlock_ItemSetToZeroCrossfade_GaplessCutBetweenSongs()
    {
        var (pcm, starts, _) = Play(Crossfade(2, FadeCurve.EqualPower), 5, (2, 0.8f, null), (2, -0.4f, new TransitionSettings(Crossfade: TimeSpan.Zero)));
        Assert.Equal([0L, 2L * Rate], starts.Select(s => s.BusFrame));
        Assert.Equal(0.8f, pcm[(2 * Rate) - 1]);
        Assert.Equal(-0.4f, pcm[2 * Rate]);
    }

    [Fact]
    public void RenderNextBlock_FadeInAfterABreak_RisesFromSilence()
    {
        var station = TransitionSettings.StationDefaults with { FadeIn = TimeSpan.FromSeconds(1) };
        var news = new TransitionSettings(Role: ItemRole.News);
        var (pcm, starts, _) = Play(station, 6, (2, -0.4f, news), (3, 0.8f, null));
        long start = starts[1].BusFrame;
        Assert.Equal(2L * Rate, start);
        Assert.InRange(pcm[start + 1], 0f, 0.01f);
        Assert.InRange(pcm[start + (Rate / 2)], 0.5f, 0.65f);
        Assert.Equal(0.8f, pcm[start + Rate + 10]);
    }

    [Fact]
    public void RenderNextBlock_ItemShorterThanTheCrossfade_OverlapLimitedAndNoGap()
    {
        var (pcm, starts, _) = Play(Crossfade(2, FadeCurve.EqualPower), 8, (3, 0.8f, null), (1, -0.4f, null), (3, 0.3f, null));
        Assert.Equal(3, starts.Count);
        Assert.True(starts[0].BusFrame < starts[1].BusFrame && starts[1].BusFrame <= starts[2].BusFrame);
        long end = starts[2].BusFrame + (3 * Rate);
        Assert.DoesNotContain(pcm[..(int)Math.Min(end - 1, pcm.Length)], s => s == 0f);
    }

    [Fact]
    public void RenderNextBlock_ShortMusicItemBetweenSongs_OverlapsAtMostHalfOfItOnEachSide()
    {
        var (pcm, starts, _) = Play(Crossfade(2, FadeCurve.Linear), 9, (4, 0.8f, null), (1, -0.4f, null), (4, 0.3f, null));
        Assert.Equal([0L, (long)(3.5 * Rate), (long)(4.0 * Rate)], starts.Select(s => s.BusFrame));
        Assert.Equal(-0.4f, pcm[4 * Rate], 2); // the jingle alone, at full level, between its two half-second fades
    }

    [Fact]
    public void RenderNextBlock_HoursOfCrossfadedItems_EveryItemOnceNoGapAndTheLengthsAddUp()
    {
        var random = new Random(5);
        var items = Enumerable.Range(0, 400).Select(i =>
        {
            var kind = i % 7 == 3 ? ItemRole.News : ItemRole.Music;
            var crossfade = TimeSpan.FromSeconds(random.Next(0, 5) * 0.75);
            return (Seconds: 2 + (random.NextDouble() * 20), Value: 0.1f + (i % 5 * 0.1f), Transition: (TransitionSettings?)new TransitionSettings(kind, crossfade));
        }).ToArray();
        var (pcm, starts, script) = Play(TransitionSettings.StationDefaults, items.Sum(i => i.Seconds) + 1, items);

        Assert.Equal(items.Length, starts.Count);
        Assert.Equal(starts.Select(s => s.Item), script.Aired.Select(a => a.Item));
        Assert.True(starts.Zip(starts.Skip(1)).All(p => p.First.BusFrame < p.Second.BusFrame), "track starts in order");
        long lastEnd = starts[^1].BusFrame + (long)Math.Round(items[^1].Seconds * Rate);
        Assert.DoesNotContain(pcm[..(int)(lastEnd - 1)], s => s == 0f);
        Assert.Equal(0f, pcm[lastEnd + 1]);

        // Each hand-over overlaps by exactly what the rule says (at most half of the outgoing item, and of the incoming one).
        for (int i = 1; i < items.Length; i++)
        {
            var plan = TransitionPlan.Between(items[i - 1].Transition!.Over(TransitionSettings.StationDefaults), items[i].Transition!.Over(TransitionSettings.StationDefaults));
            long previousEnd = starts[i - 1].BusFrame + (long)Math.Round(items[i - 1].Seconds * Rate);
            long expected = Math.Min((long)Math.Round(plan.Overlap.TotalSeconds * Rate), Math.Min(previousEnd - starts[i - 1].BusFrame, (long)Math.Round(items[i].Seconds * Rate)) / 2);
            Assert.True(previousEnd - starts[i].BusFrame == expected, $"item {i}: overlap {previousEnd - starts[i].BusFrame} frames, expected {expected}");
        }
    }

    [Fact]
    public void Skip_DuringACrossfadedSong_FadesOutAndTheNextStartsWithoutOverlap()
    {
        var script = new ScriptedItems(Rate, 1, (10, 0.8f, null), (10, -0.4f, null));
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        using var engine = new PlayoutEngine(script, script, bus, new ListLogger(), TimeSpan.FromMilliseconds(100)) { StationTransitions = Crossfade(2, FadeCurve.EqualPower) };
        for (int i = 0; i < 10; i++)
        {
            engine.RenderNextBlock();
        }

        engine.Skip();
        for (int i = 0; i < 20; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.Equal([0L, Rate + (Rate / 2)], capture.Starts.Select(s => s.BusFrame));
        Assert.Equal(-0.4f, capture.Samples[(Rate + (Rate / 2)) + 1]);
    }
}

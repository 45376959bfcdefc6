using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Tests.Engine;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>
/// The two limits the scheduling work left: a cut computed before an air-clock re-anchor, and two hard inserts due at
/// the same instant. Both on the real engine (synthetic tones, fake durations, 1 s blocks at 8 kHz).
/// </summary>
public class KnownLimitTests
{
    private static readonly TimeSpan OneMp3Frame = TimeSpan.FromMilliseconds(26);
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData(226)] // the item on air has its cut (computed at 11:59:38); the news is not picked yet
    [InlineData(233)] // the news is picked too and waits for the cut
    public void RenderNextBlock_AirClockReanchoredWhileAnItemWaitsForItsCut_NewsStartsOnItsTime(int stallAfterSeconds)
    {
        var (engine, air, sink) = Station(HardInserts("News"), Noon.AddMinutes(-4));
        using (engine)
        {
            // Seconds before noon the bus stalls for 5 s (the host then re-anchors air times, as StationPlayout does):
            // the item on air was picked, and its cut computed, before.
            Render(engine, stallAfterSeconds);
            air.Anchor(sink.Frames, air.TimeOf(sink.Frames) + TimeSpan.FromSeconds(5));
            Render(engine, 300 - stallAfterSeconds);
        }

        var news = Starts(sink, air, "News");
        Assert.Single(news);
        Assert.True((news[0] - Noon).Duration() <= OneMp3Frame, $"news due {Noon:O} started {news[0]:O}");
        Assert.Equal(0, sink.Discontinuities);
    }

    [Fact]
    public void RenderNextBlock_TwoHardInsertsDueAtOneInstant_FirstOnTimeSecondBackToBack()
    {
        var (engine, air, sink) = Station(HardInserts("News", "Traffic"), Noon.AddMinutes(-4));
        using (engine)
        {
            Render(engine, 8 * 60);
        }

        var news = sink.Starts.Single(s => s.Item.Reason.Contains("insert 'News'", StringComparison.Ordinal));
        var traffic = sink.Starts.Single(s => s.Item.Reason.Contains("insert 'Traffic'", StringComparison.Ordinal));
        Assert.True((air.TimeOf(news.BusFrame) - Noon).Duration() <= OneMp3Frame, $"news started {air.TimeOf(news.BusFrame):O}");
        long newsFrames = (long)Math.Round(news.Duration!.Value.TotalSeconds * 8000);
        Assert.Equal(news.BusFrame + newsFrames, traffic.BusFrame); // back to back: no overlap, no gap, the news not shortened
        Assert.Contains("back to back", traffic.Item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TwoHardInsertsDueAtOneInstant_DryRunShowsThemBackToBack()
    {
        var scheduler = new Scheduler(ScheduleText.Parse(HardInserts("News", "Traffic")), Catalog(), random: new Random(3));
        var order = ScheduleSimulator.Run(scheduler, new FakeDurations(), Noon.AddMinutes(-4), Noon.AddMinutes(8), Crossfade);

        var news = order.Single(e => RunningOrder.IsInsert(e, "News"));
        var traffic = order.Single(e => RunningOrder.IsInsert(e, "Traffic"));
        Assert.Equal(Noon, news.Start);
        Assert.False(news.WasCut);
        Assert.Equal(news.End, traffic.Start);
        Assert.Equal(news.Start + news.FullLength, traffic.Start);
    }

    private static readonly TransitionSettings Crossfade = TransitionSettings.Gapless with { Crossfade = TimeSpan.FromSeconds(2) };

    internal static string HardInserts(params string[] names) => ScheduleText.Minimal("Africa/Lagos", "inserts:\n" + string.Concat(names.Select(n => $"""
          - name: {n}
            cron: "0 * * * *"
            playlist: news
            start: hard

        """)));

    private static TrackCatalog Catalog() => SyntheticLibrary.Catalog(
        ("music", SyntheticLibrary.Tracks("m", 40, 20)), ("ids", SyntheticLibrary.Tracks("i", 3, 1)), ("news", SyntheticLibrary.Tracks("n", 2, 1)));

    private static (PlayoutEngine Engine, AirClock Air, RecordingSink Sink) Station(string yaml, DateTimeOffset start)
    {
        var format = new StationFormat(8000, 1);
        var bus = new PcmBus(format);
        var sink = new RecordingSink();
        bus.Attach(sink);
        var air = new AirClock(format.SampleRate);
        air.Anchor(0, start);
        var scheduler = new Scheduler(ScheduleText.Parse(yaml), Catalog(), random: new Random(5));
        var engine = new PlayoutEngine(scheduler, new ToneOpener(format, new FakeDurations()), bus, new ListLogger(), TimeSpan.FromSeconds(1), air)
        {
            StationTransitions = Crossfade,
        };
        return (engine, air, sink);
    }

    private static void Render(PlayoutEngine engine, int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            engine.RenderNextBlock();
        }
    }

    private static List<DateTimeOffset> Starts(RecordingSink sink, AirClock air, string insert) =>
        sink.Starts.Where(s => s.Item.Reason.Contains($"insert '{insert}'", StringComparison.Ordinal)).Select(s => air.TimeOf(s.BusFrame)).ToList();
}

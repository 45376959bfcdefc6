using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Tests.Schedule;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>Edge cases found in review: skips around waiting items, live items, hard inserts crossfaded into, the simulator.</summary>
public class PlayoutEngineEdgeCaseTests
{
    private const int Rate = 8000;
    private static readonly StationFormat Format = new(Rate, 1);
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Wraps ScriptedItems; the items whose index is in <paramref name="live"/> open as live (relay) items.</summary>
    private sealed class LiveOpener(ScriptedItems script, params int[] live) : IItemOpener
    {
        public OpenedItem Open(PlayoutItem item)
        {
            var opened = script.Open(item);
            int i = int.Parse(Path.GetFileNameWithoutExtension(item.Track.Path), System.Globalization.CultureInfo.InvariantCulture);
            return live.Contains(i) ? OpenedItem.Live(opened.Samples!, null, opened.Duration!.Value) : opened;
        }
    }

    // The previous item ended exactly on a block boundary and the next waits for the next block: a skip then has
    // nothing on air to fade, and the waiting item keeps its frame.
    [Fact]
    public void Skip_WhenTheItemEndedOnABlockBoundaryAndTheNextWaits_NextStartsOnItsFrame()
    {
        var script = new ScriptedItems(Rate, 1, (1, 0.5f, null), (2, -0.4f, null), (2, 0.3f, null));
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        using var engine = new PlayoutEngine(script, script, bus, new ListLogger(), TimeSpan.FromMilliseconds(50));
        for (int i = 0; i < 20; i++)
        {
            engine.RenderNextBlock();
        }

        engine.Skip();
        for (int i = 0; i < 80; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.Equal([0L, Rate, 3L * Rate], capture.Starts.Select(s => s.BusFrame));
        Assert.Equal(new AirClock(Rate).TimeOf(Rate), script.Aired[1].AirTime);
        Assert.Equal(-0.4f, capture.Samples[(int)(2.5 * Rate)]); // item 1 alone, not summed with item 2
    }

    // A live (relay) item waiting to follow is moved earlier by a skip: its length is its own (not a cut fixed in bus
    // time), so the item after it still follows without a gap.
    [Fact]
    public void Skip_WithALiveItemWaiting_NextItemFollowsTheLiveItemWithoutAGap()
    {
        var script = new ScriptedItems(Rate, 1, (2, 0.5f, null), (1.03, -0.4f, null), (2, 0.3f, null));
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        using var engine = new PlayoutEngine(script, new LiveOpener(script, 1), bus, new ListLogger(), TimeSpan.FromMilliseconds(50));
        for (int i = 0; i < 20; i++)
        {
            engine.RenderNextBlock();
        }

        engine.Skip(); // item 0 fades out over 0.5 s: ends at 1.5 s, the live item is moved from 2 s to 1.5 s
        for (int i = 0; i < 80; i++)
        {
            engine.RenderNextBlock();
        }

        long liveStart = capture.Starts[1].BusFrame;
        Assert.Equal(Rate + (Rate / 2), liveStart);
        long liveEnd = liveStart + (long)Math.Round(1.03 * Rate);
        Assert.Equal(liveEnd, capture.Starts[2].BusFrame);
        Assert.DoesNotContain(capture.Samples[..(int)(liveEnd + Rate)], s => s == 0f);
    }

    // A hard insert from a playlist without `kind` is music, which would be crossfaded in before its hour: it starts
    // on the hour (PlayoutItem.NotBefore), and its own hour does not cut it (the cut is asked for the pick's time).
    [Fact]
    public void Run_HardInsertOfMusicKind_StartsOnTheHourAndIsNotCutByItself()
    {
        var schedule = HourlyNews(kind: null);
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 40, 20)), ("ids", []), ("news", SyntheticLibrary.Tracks("n", 1, 1)));
        var order = ScheduleSimulator.Run(new Capped(new Scheduler(schedule, catalog, random: new Random(9))), new FakeDurations(), Monday.AddMinutes(-7),
            Monday.AddMinutes(10), TransitionSettings.StationDefaults);
        var news = Assert.Single(order, e => e.Item!.Reason.Contains("insert 'News'", StringComparison.Ordinal));
        Assert.False(news.WasCut, $"news {news.Start:HH:mm:ss.fff}-{news.End:HH:mm:ss.fff} cut");
        Assert.Equal(Monday, news.Start);
    }

    [Fact]
    public void RenderNextBlock_HardInsertOfMusicKind_IsNotCutByItsOwnHour()
    {
        var schedule = HourlyNews(kind: null);
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 40, 20)), ("ids", []), ("news", SyntheticLibrary.Tracks("n", 1, 1)));
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        var air = new AirClock(Rate);
        air.Anchor(0, Monday.AddMinutes(-7));
        var durations = new FakeDurations();
        var script = new Scheduler(schedule, catalog, random: new Random(9));
        using var engine = new PlayoutEngine(script, new ToneOpener(Format, durations), bus, new ListLogger(), TimeSpan.FromMilliseconds(100), air)
        { StationTransitions = TransitionSettings.StationDefaults };
        for (int i = 0; i < 12 * 60 * 10; i++)
        {
            engine.RenderNextBlock();
        }

        int n = capture.Starts.FindIndex(s => s.Item.Reason.Contains("insert 'News'", StringComparison.Ordinal));
        Assert.True(n >= 0);
        var newsLength = durations.DurationOf(capture.Starts[n].Item.Track.Path)!.Value;
        var aired = air.TimeOf(capture.Starts[n + 1].BusFrame) - air.TimeOf(capture.Starts[n].BusFrame);
        Assert.True(aired > newsLength - TimeSpan.FromSeconds(3), $"news of {newsLength} aired {aired}, from {air.TimeOf(capture.Starts[n].BusFrame):HH:mm:ss.fff}");
        Assert.Equal(Monday, air.TimeOf(capture.Starts[n].BusFrame));
        Assert.Equal(0.5f, capture.Samples[(int)capture.Starts[n].BusFrame]); // at full level on the hour: no crossfade, no fade-in
    }

    [Fact]
    public void RenderNextBlock_HardNewsWithNothingToPlay_MusicIsNotCutIntoFragments()
    {
        var schedule = HourlyNews(kind: "news");
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 40, 20)), ("ids", []), ("news", []));
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        var air = new AirClock(Rate);
        air.Anchor(0, Monday.AddMinutes(-7));
        using var engine = new PlayoutEngine(new Scheduler(schedule, catalog, random: new Random(9)), new ToneOpener(Format, new FakeDurations()), bus, new ListLogger(), TimeSpan.FromMilliseconds(100), air)
        { StationTransitions = TransitionSettings.StationDefaults };
        for (int i = 0; i < 12 * 60 * 10; i++)
        {
            engine.RenderNextBlock();
        }

        var near = capture.Starts.Where(st => (air.TimeOf(st.BusFrame) - Monday).Duration() < TimeSpan.FromSeconds(10)).ToList();
        Assert.True(near.Count <= 2, $"{near.Count} items start within 10 s of the hour");
    }

    /// <summary>A schedule with a hard news insert on the hour; the news playlist's kind is <paramref name="kind"/> (null: music).</summary>
    private static ScheduleDefinition HourlyNews(string? kind)
    {
        string text = ScheduleText.Minimal("UTC", """
            inserts:
              - name: News
                cron: "0 * * * *"
                playlist: news
                start: hard
            """);
        return ScheduleText.Parse(kind is null ? text : text.Replace("    path: ../playlists/news", "    path: ../playlists/news\n    kind: " + kind, StringComparison.Ordinal));
    }

    // The simulator caps the overlap at half the outgoing item, as the engine does.
    [Fact]
    public void Run_ShortSongBetweenCrossfades_SimulatorMatchesTheEngine()
    {
        var items = new (double, float, TransitionSettings?)[] { (10, 0.5f, null), (3, -0.4f, null), (10, 0.3f, null) };
        var station = TransitionSettings.StationDefaults; // 2 s crossfades
        var durations = new FakeDurations(Enumerable.Range(0, 3).ToDictionary(i => $"/scripted/{i}.mp3", i => TimeSpan.FromSeconds(items[i].Item1)));
        var order = ScheduleSimulator.Run(new ScriptedItems(Rate, 1, items), durations, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(20), station);

        var script = new ScriptedItems(Rate, 1, items);
        var bus = new PcmBus(Format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        using (var engine = new PlayoutEngine(script, script, bus, new ListLogger(), TimeSpan.FromMilliseconds(50)) { StationTransitions = station })
        {
            for (int i = 0; i < 25 * 20; i++)
            {
                engine.RenderNextBlock();
            }
        }

        var engineStarts = script.Aired.Select(a => a.AirTime).ToList();
        var simStarts = order.Where(e => e.Item is not null).Select(e => e.Start).ToList();
        Assert.Equal(engineStarts, simStarts);
    }

    private sealed class Capped(IItemSelector inner) : IItemSelector
    {
        private int _picks;

        public PlayoutItem? PickNext(DateTimeOffset airTime) =>
            ++_picks > 10_000 ? throw new InvalidOperationException($"10000 picks, still at {airTime:HH:mm:ss.fff}") : inner.PickNext(airTime);

        public DateTimeOffset? NextCut(DateTimeOffset itemStart) => inner.NextCut(itemStart);

        public void OnAired(PlayoutItem item, DateTimeOffset airTime) => inner.OnAired(item, airTime);
    }
}

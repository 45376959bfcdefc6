using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Tests.Schedule;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>
/// How far ahead the engine reads items: as far as the longest transition it may have to plan (the station's and the
/// selector's <see cref="IItemSelector.TransitionReach"/>), not the 10 s the longest possible setting would need. Each
/// deck's ring is that long, and several are alive around short items.
/// </summary>
public class PlayoutEngineLookaheadTests
{
    private const int Rate = 44100;
    private const int Channels = 2;
    private const int BlockFrames = Rate / 20; // 50 ms

    private static long RingBytes(TimeSpan lookahead) => ((long)(lookahead.TotalSeconds * Rate) + (4 * BlockFrames)) * Channels * sizeof(float);

    [Fact]
    public void RenderNextBlock_TwoSecondCrossfadesAndAPlaylistsReach_RingsOfFourSecondsAndEveryCrossfadeInFull()
    {
        // 12 s music items and a 3 s sweeper between each two, station crossfades of 2 s: a reach of 4 s (twice the
        // crossfade, to know whether the incoming item is short).
        var items = new ReachItems(TimeSpan.Zero, 12, 3);
        var (lead, bytes, capture) = Run(items, TransitionSettings.StationDefaults, seconds: 60);

        Assert.True(items.Opened >= 6, $"{items.Opened} items");
        Assert.InRange(bytes, RingBytes(TimeSpan.FromSeconds(4)), 4 * RingBytes(TimeSpan.FromSeconds(4)));
        // The next item is picked as its predecessor's end comes within the 4 s lookahead, not 10 s before: the item
        // after a sweeper, whose end is known at once, about 4 s before it starts; the others less (to the crossfade's start).
        Assert.InRange(lead.Max(), 2.0, 4.0 + (6.0 * BlockFrames / Rate));
        // Each crossfade still had its predecessor's end in time: no gap anywhere.
        Assert.DoesNotContain(0f, capture.Samples.Skip(Rate * Channels).Take(55 * Rate * Channels));
    }

    [Fact]
    public void RenderNextBlock_SelectorReachesSixSeconds_RingsFollowTheLongerReach()
    {
        var items = new ReachItems(TimeSpan.FromSeconds(6), 12);
        var (lead, bytes, _) = Run(items, TransitionSettings.StationDefaults, seconds: 40);

        Assert.InRange(bytes, RingBytes(TimeSpan.FromSeconds(6)), 3 * RingBytes(TimeSpan.FromSeconds(6)));
        // Picked as the end comes within 6 s: 4 s before the 2 s crossfade starts (with a 4 s lookahead, at most 2 s).
        Assert.True(lead.Max() > 3.5, $"picked at most {lead.Max():F2} s ahead");
    }

    [Fact]
    public void RenderNextBlock_GaplessStationAndNoReach_AtLeastTheMinimumLookahead()
    {
        var items = new ReachItems(TimeSpan.Zero, 5);
        var (lead, bytes, capture) = Run(items, TransitionSettings.Gapless, seconds: 30);

        Assert.InRange(bytes, RingBytes(PlayoutEngine.MinLookahead), 3 * RingBytes(PlayoutEngine.MinLookahead));
        Assert.InRange(lead.Max(), PlayoutEngine.MinLookahead.TotalSeconds - 0.1, PlayoutEngine.MinLookahead.TotalSeconds + (6.0 * BlockFrames / Rate));
        Assert.DoesNotContain(0f, capture.Samples.Skip(Rate * Channels).Take(25 * Rate * Channels)); // gapless, sample for sample
    }

    [Fact]
    public void RenderNextBlock_SelectorThatCannotTell_ReadsTheLongestPossibleReach()
    {
        var items = new UnknownReachItems(12);
        var (_, bytes, _) = Run(items, TransitionSettings.StationDefaults, seconds: 30);

        Assert.True(bytes >= RingBytes(TransitionSettings.MaxLength), $"{bytes} bytes of rings");
    }

    [Fact]
    public void TransitionReach_ScheduleSettings_TheLongestOfPlaylistsAndItems()
    {
        var schedule = ScheduleText.Parse("""
            time_zone: UTC
            playlists:
              music:
                path: ../playlists/music
                crossfade_seconds: 1.5
                items:
                  "m/001.mp3": { crossfade_seconds: 3 }
              news:
                path: ../playlists/news
                kind: news
                break_fade_seconds: 5
              ids:
                path: ../playlists/ids
                kind: id
                fade_out_seconds: 0.5
            default_rotation:
              - playlist: music
            """);
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 2, 20)), ("news", []), ("ids", []));
        var scheduler = new Scheduler(schedule, catalog);
        Assert.Equal(TimeSpan.FromSeconds(6), scheduler.TransitionReach); // the item's 3 s crossfade, twice: longer than the news' 5 s break fade

        var reloadable = new ReloadableScheduler(scheduler);
        var longer = ScheduleText.Parse("""
            time_zone: UTC
            playlists:
              music:
                path: ../playlists/music
                crossfade_seconds: 4
            default_rotation:
              - playlist: music
            """);
        reloadable.Stage(new Scheduler(longer, SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 2, 20)))));
        Assert.Equal(TimeSpan.FromSeconds(8), reloadable.TransitionReach); // the staged schedule may decide the next pick
        Assert.Equal(TimeSpan.FromSeconds(10), new TransitionSettings(Crossfade: TimeSpan.FromSeconds(7)).Reach); // never past the longest setting
    }

    /// <summary>Runs the engine for <paramref name="seconds"/>; returns how long before its start each item was picked, and the rings' bytes.</summary>
    private static (List<double> Lead, long RingBytes, PcmCapture Capture) Run(IItemSelector items, TransitionSettings station, int seconds)
    {
        var bus = new PcmBus(new StationFormat(Rate, Channels));
        var capture = new PcmCapture();
        bus.Attach(capture);
        var lead = new List<double>();
        using var engine = new PlayoutEngine(items, (IItemOpener)items, bus, new ListLogger(), TimeSpan.FromMilliseconds(50)) { StationTransitions = station };
        UpcomingItem? seen = null;
        for (int i = 0; i < seconds * 20; i++)
        {
            engine.RenderNextBlock();
            if (engine.Upcoming is { } next && !ReferenceEquals(next, seen))
            {
                seen = next;
                lead.Add((next.StartFrame - bus.FramesPublished) / (double)Rate);
            }
        }

        Assert.NotEmpty(lead);
        return (lead, engine.ReadAheadBytes, capture);
    }

    /// <summary>Constant items of the given lengths in turn (music), from a selector that says how far its settings reach.</summary>
    private sealed class ReachItems(TimeSpan reach, params double[] seconds) : IItemSelector, IItemOpener
    {
        private int _next;

        public int Opened { get; private set; }

        public TimeSpan TransitionReach => reach;

        public PlayoutItem PickNext(DateTimeOffset airTime)
        {
            int i = _next++;
            return new PlayoutItem(new TrackInfo($"/reach/{i}.mp3", "Tone", $"Item {i}", null), $"item {i}");
        }

        public OpenedItem Open(PlayoutItem item)
        {
            double length = seconds[Opened % seconds.Length];
            Opened++;
            var source = new ConstantSampleProvider(Rate, Channels, (long)(length * Rate), 0.1f * ((Opened % 5) + 1));
            return OpenedItem.Ok(source, null, TimeSpan.FromSeconds(length));
        }
    }

    /// <summary>The same, from a selector that keeps <see cref="IItemSelector.TransitionReach"/>'s default.</summary>
    private sealed class UnknownReachItems(params double[] seconds) : IItemSelector, IItemOpener
    {
        private readonly ReachItems _items = new(TimeSpan.Zero, seconds);

        public PlayoutItem? PickNext(DateTimeOffset airTime) => _items.PickNext(airTime);

        public OpenedItem Open(PlayoutItem item) => _items.Open(item);
    }
}

using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Tests.Engine;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>The real engine driven by the scheduler: picks by air time and cuts for hard inserts on the bus frame.</summary>
public class ScheduledEngineTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void RenderNextBlock_SixHoursWithNewsAndPromos_HardInsertsOnTheFrameAndNoGap()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", """
            inserts:
              - name: News
                cron: "0 * * * *"
                playlist: news
                start: hard
              - name: Promo
                cron: "30 * * * *"
                playlist: ids
                start: soft
                max_late_seconds: 20
            station_id:
              playlist: ids
              every_tracks: 3
            """));
        var catalog = SyntheticLibrary.Catalog(
            ("music", SyntheticLibrary.Tracks("m", 40, 20)), ("ids", SyntheticLibrary.Tracks("i", 3, 1)), ("news", SyntheticLibrary.Tracks("n", 1, 1)));
        var format = new StationFormat(8000, 1);
        var bus = new PcmBus(format);
        var sink = new RecordingSink();
        bus.Attach(sink);
        var air = new AirClock(format.SampleRate);
        air.Anchor(0, Monday.AddMinutes(-7).AddMilliseconds(123));
        var durations = new FakeDurations();
        var logger = new ListLogger();
        using var engine = new PlayoutEngine(new Scheduler(schedule, catalog, random: new Random(9)), new ToneOpener(format, durations), bus, logger, TimeSpan.FromSeconds(1), air);

        for (int i = 0; i < 6 * 3600; i++)
        {
            engine.RenderNextBlock();
        }

        Assert.Equal(0, sink.ZeroSamples);
        Assert.Equal(0, sink.Discontinuities);
        var news = sink.Starts.Where(s => s.Item.Reason.Contains("insert 'News'", StringComparison.Ordinal)).Select(s => air.TimeOf(s.BusFrame)).ToList();
        Assert.Equal(6, news.Count);
        for (int h = 0; h < news.Count; h++)
        {
            Assert.True((news[h] - Monday.AddHours(h)).Duration() <= TimeSpan.FromMilliseconds(26), $"news {h} at {news[h]:O}");
        }

        var promos = sink.Starts.Where(s => s.Item.Reason.Contains("insert 'Promo'", StringComparison.Ordinal)).Select(s => air.TimeOf(s.BusFrame)).ToList();
        Assert.Equal(6, promos.Count);
        for (int h = 0; h < promos.Count; h++)
        {
            var due = Monday.AddHours(h).AddMinutes(30);
            Assert.InRange(promos[h], due, due.AddSeconds(20).AddMilliseconds(26));
        }

        Assert.Contains(logger.Lines, l => l.Contains("will be faded out at", StringComparison.Ordinal));
    }
}

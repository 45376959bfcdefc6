using System.Text.Json;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Tests.Engine;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Transition settings in the schedule: playlist kinds and settings, single items, errors, the running order.</summary>
public class ScheduleTransitionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Load_DemoSchedule_NewsAndIdsAreBreaks()
    {
        var s = ScheduleLoader.Load(ScheduleText.DemoPath);
        Assert.Equal(ItemRole.News, s.Playlists["news"].Transition!.Role);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Playlists["news"].Transition!.BreakFade);
        Assert.Equal(ItemRole.Id, s.Playlists["ids"].Transition!.Role);
        Assert.Null(s.Playlists["music"].Transition!.Role);
    }

    [Fact]
    public void Parse_PlaylistAndItemSettings_AreRead()
    {
        var s = ScheduleText.Parse("""
            time_zone: UTC
            playlists:
              music:
                path: ../playlists/music
                crossfade_seconds: 3.5
                curve: linear
                items:
                  "02-ife-okun.mp3": { crossfade_seconds: 0, fade_in_seconds: 0.25 }
              ads:
                path: ../playlists/ids
                kind: ad
                fade_out_seconds: 1
            default_rotation:
              - playlist: music
            """);
        var music = s.Playlists["music"];
        Assert.Equal(new TransitionSettings(Crossfade: TimeSpan.FromSeconds(3.5), Curve: FadeCurve.Linear), music.Transition);
        Assert.Equal(new TransitionSettings(Crossfade: TimeSpan.Zero, FadeIn: TimeSpan.FromSeconds(0.25)), music.Items!["02-ife-okun.mp3"]);
        Assert.Equal(new TransitionSettings(Role: ItemRole.Ad, FadeOut: TimeSpan.FromSeconds(1)), s.Playlists["ads"].Transition);
    }

    [Fact]
    public void Parse_BadTransitionValues_EachAnErrorWithFileLineColumn()
    {
        var e = Assert.Throws<ScheduleFileException>(() => ScheduleText.Parse("""
            time_zone: UTC
            playlists:
              music:
                path: ../playlists/music
                kind: jingle
                crossfade_seconds: 12
                curve: s-curve
                items:
                  "01-ojo-ayo.mp3": { fade_in_seconds: -1, colour: red }
            default_rotation:
              - playlist: music
            """));
        string file = Path.Combine(ScheduleText.ConfigDir, "test.yaml");
        Assert.Contains($"{file}:5:11: kind must be music, news, ad or id, not 'jingle'", e.Errors);
        Assert.Contains($"{file}:6:24: crossfade_seconds must be a number of seconds from 0 to 10, not '12'", e.Errors);
        Assert.Contains($"{file}:7:12: curve must be linear, logarithmic or equal_power, not 's-curve'", e.Errors);
        Assert.Contains(e.Errors, x => x.StartsWith($"{file}:9:", StringComparison.Ordinal) && x.Contains("fade_in_seconds must be a number of seconds from 0 to 10, not '-1'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith($"{file}:9:", StringComparison.Ordinal) && x.Contains("unknown key 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_PlaylistAndItemProperties_AreTheKeysTheLoaderAccepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScheduleText.ConfigDir, "schema", "schedule.schema.json")));
        var playlist = schema.RootElement.GetProperty("$defs").GetProperty("playlist").GetProperty("properties");
        Assert.Equal(ScheduleLoader.PlaylistKeys.Concat(ScheduleLoader.TransitionKeys).Order(), playlist.EnumerateObject().Select(p => p.Name).Order());
        var item = playlist.GetProperty("items").GetProperty("additionalProperties").GetProperty("properties");
        Assert.Equal(ScheduleLoader.TransitionKeys.Order(), item.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void PickNext_ItemWithItsOwnSettings_OverThePlaylistsAndUnmatchedEntriesAreLogged()
    {
        var schedule = ScheduleText.Parse("""
            time_zone: UTC
            playlists:
              music:
                path: ../playlists/music
                crossfade_seconds: 3
                items:
                  "m/001.mp3": { crossfade_seconds: 0 }
                  nowhere.mp3: { crossfade_seconds: 1 }
              news:
                path: ../playlists/news
                kind: news
            default_rotation:
              - playlist: music
            station_id:
              playlist: news
              every_tracks: 2
            """);
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 2, 20)), ("news", SyntheticLibrary.Tracks("n", 1, 1)));
        var logger = new ListLogger();
        var scheduler = new Scheduler(schedule, catalog, logger);
        var picks = new List<PlayoutItem>();
        for (int i = 0; i < 3; i++)
        {
            var item = scheduler.PickNext(Monday.AddMinutes(i))!;
            scheduler.OnAired(item, Monday.AddMinutes(i));
            picks.Add(item);
        }

        var byPath = picks.ToDictionary(p => p.Track.Path);
        Assert.Equal(TimeSpan.Zero, byPath["/lib/m/001.mp3"].Transition!.Crossfade);
        Assert.Equal(TimeSpan.FromSeconds(3), byPath["/lib/m/000.mp3"].Transition!.Crossfade);
        Assert.Equal(ItemRole.News, byPath["/lib/n/000.mp3"].Transition!.Role);
        Assert.Contains(logger.Lines, l => l.Contains("items entry 'nowhere.mp3' matches no track", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_WithCrossfades_RunningOrderOverlapsAsTheEngineDoes()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("UTC", """
            station_id:
              playlist: ids
              every_tracks: 2
            """).Replace("    path: ../playlists/ids", "    path: ../playlists/ids\n    kind: id", StringComparison.Ordinal));
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 10, 20)), ("ids", SyntheticLibrary.Tracks("i", 2, 1)), ("news", []));
        var order = ScheduleSimulator.Run(new Scheduler(schedule, catalog, random: new Random(3)), new FakeDurations(), Monday, Monday.AddHours(1),
            TransitionSettings.StationDefaults);
        for (int i = 1; i < order.Count; i++)
        {
            bool breakInvolved = order[i].Item!.Track.Path.Contains("/i", StringComparison.Ordinal) || order[i - 1].Item!.Track.Path.Contains("/i", StringComparison.Ordinal);
            var expectedOverlap = breakInvolved ? TimeSpan.Zero : TimeSpan.FromSeconds(2);
            Assert.Equal(expectedOverlap, order[i - 1].End - order[i].Start);
        }
    }

    [Fact]
    public void RenderNextBlock_CrossfadesAndHardNews_NewsOnTheFrameAfterTheSongFadedOut()
    {
        var schedule = ScheduleText.Parse(ScheduleText.Minimal("Africa/Lagos", """
            inserts:
              - name: News
                cron: "0 * * * *"
                playlist: news
                start: hard
            """).Replace("    path: ../playlists/news", "    path: ../playlists/news\n    kind: news\n    break_fade_seconds: 2", StringComparison.Ordinal));
        var catalog = SyntheticLibrary.Catalog(("music", SyntheticLibrary.Tracks("m", 40, 20)), ("ids", []), ("news", SyntheticLibrary.Tracks("n", 1, 1)));
        var format = new StationFormat(8000, 1);
        var bus = new PcmBus(format);
        var capture = new PcmCapture();
        bus.Attach(capture);
        var air = new AirClock(format.SampleRate);
        air.Anchor(0, Monday.AddMinutes(-7).AddMilliseconds(123));
        using var engine = new PlayoutEngine(new Scheduler(schedule, catalog, random: new Random(9)), new ToneOpener(format, new FakeDurations()), bus,
            new ListLogger(), TimeSpan.FromMilliseconds(100), air) { StationTransitions = TransitionSettings.StationDefaults };
        for (int i = 0; i < 2 * 3600 * 10; i++)
        {
            engine.RenderNextBlock();
        }

        var news = capture.Starts.Where(s => s.Item.Reason.Contains("insert 'News'", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, news.Count);
        var pcm = capture.Samples;
        foreach (var start in news)
        {
            Assert.Equal(air.FrameOf(air.TimeOf(start.BusFrame)), start.BusFrame);
            Assert.True((air.TimeOf(start.BusFrame) - Monday.AddHours(news.IndexOf(start))).Duration() < TimeSpan.FromMilliseconds(1));
            Assert.InRange(Math.Abs(pcm[(int)start.BusFrame - 1]), 0f, 0.01f);  // the song faded out by the hour
            Assert.Equal(0.5f, pcm[(int)start.BusFrame]);                        // and the news starts at full level on it
        }

        // Between songs there are crossfades: some stretch where two tones sum above one.
        Assert.Contains(pcm, s => s > 0.55f);
    }
}

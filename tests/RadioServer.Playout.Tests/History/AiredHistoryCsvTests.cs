using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.History;
using RadioServer.Playout.Library;

namespace RadioServer.Playout.Tests.History;

public class AiredHistoryCsvTests
{
    [Fact]
    public void OnTrackStarted_TwoItems_WritesTheFirstWithItsEndWhenTheSecondStarts()
    {
        var air = new AirClock(44100);
        air.Anchor(0, new DateTimeOffset(2026, 11, 23, 5, 59, 0, TimeSpan.Zero));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Lagos");
        using var text = new StringWriter();
        using var history = new AiredHistoryCsv(text.WriteLine, air, zone);
        var song = new PlayoutItem(new TrackInfo("/music/a, b.mp3", "Wizkid feat. Tems", "Essence \"Remix\"", null), "default rotation: music shuffled");
        var news = new PlayoutItem(new TrackInfo("/news/n.mp3", null, null, null), "hard insert 'News'");

        history.OnTrackStarted(new TrackStart(0, song, null));
        Assert.Equal("", text.ToString());
        history.OnTrackStarted(new TrackStart(44100 * 60, news, null));

        Assert.Equal(
            "2026-11-23T06:59:00.000+01:00,2026-11-23T07:00:00.000+01:00,60.000,\"/music/a, b.mp3\",Wizkid feat. Tems,\"Essence \"\"Remix\"\"\",default rotation: music shuffled"
            + Environment.NewLine,
            text.ToString());
    }

    [Fact]
    public void Open_NewFile_WritesHeaderOnceAndAppends()
    {
        string path = Path.Combine(DemoFiles.TempDir(), "aired.csv");
        var air = new AirClock(8000);
        var item = new PlayoutItem(new TrackInfo("/a.mp3", "A", "T", null), "why");
        for (int run = 0; run < 2; run++)
        {
            using var history = AiredHistoryCsv.Open(path, air, TimeZoneInfo.Utc, new ListLogger());
            history.OnTrackStarted(new TrackStart(0, item, null));
            history.OnTrackStarted(new TrackStart(8000, item, null));
            Assert.True(history.Flush(TimeSpan.FromSeconds(30))); // closing waits only 2 s, which a loaded CI machine can take to schedule the writer (failed once)
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(AiredHistoryCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Equal("1970-01-01T00:00:00.000+00:00,1970-01-01T00:00:01.000+00:00,1.000,/a.mp3,A,T,why", lines[1]);
    }
}

using RadioServer.Playout.Library;

namespace RadioServer.Playout.Tests.Library;

public class PlaylistReaderPlsTests
{
    [Fact]
    public void ReadPls_EntriesOutOfOrderWithTitles_ResolvedInNumberOrder()
    {
        string text = "[playlist]\r\nFile2=sub/b.mp3\r\nTitle2=Bee\r\nFile1=/abs/a.mp3\r\nFile10=c.mp3\r\nLength1=-1\r\nNumberOfEntries=3\r\nVersion=2\r\n";

        var entries = PlaylistReader.ReadPls("/lists/x.pls", text);

        Assert.Equal(["/abs/a.mp3", "/lists/sub/b.mp3", "/lists/c.mp3"], entries.Select(e => e.Path));
        Assert.Null(entries[0].ExtInfTitle);
        Assert.Equal("Bee", entries[1].ExtInfTitle);
        Assert.Equal("/lists/x.pls:2", entries[1].Source);
    }

    [Fact]
    public void Read_DemoPls_FindsItsThreeTracks()
    {
        var entries = PlaylistReader.Read(Path.Combine(DemoFiles.Playlists, "highlife.pls"));

        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.True(File.Exists(e.Path), e.Path));
    }
}

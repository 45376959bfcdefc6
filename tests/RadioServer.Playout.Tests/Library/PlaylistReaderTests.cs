using RadioServer.Playout.Library;

namespace RadioServer.Playout.Tests.Library;

public class PlaylistReaderTests
{
    [Fact]
    public void ReadM3u_ExtendedPlaylist_ResolvesRelativePathsAndTitles()
    {
        string dir = DemoFiles.TempDir();
        string m3u = Path.Combine(dir, "list.m3u8");
        File.WriteAllText(m3u, "\uFEFF#EXTM3U\r\n#EXTINF:12,Ọlá - Ìfẹ́\r\nsub/a.mp3\r\n\r\n# comment\r\n/abs/b.mp3\n#EXTINF:3,\nc.mp3\n");
        var entries = PlaylistReader.Read(m3u);
        Assert.Equal(3, entries.Count);
        Assert.Equal(Path.Combine(dir, "sub", "a.mp3"), entries[0].Path);
        Assert.Equal("Ọlá - Ìfẹ́", entries[0].ExtInfTitle);
        Assert.Equal("/abs/b.mp3", entries[1].Path);
        Assert.Null(entries[1].ExtInfTitle);
        Assert.Null(entries[2].ExtInfTitle);
        Assert.EndsWith("list.m3u8:3", entries[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Folder_ListsMp3FilesRecursivelyInOrder()
    {
        var entries = PlaylistReader.Read(DemoFiles.Playlists);
        Assert.Equal(DemoFiles.AllMp3.Count(), entries.Count);
        Assert.Equal(entries.Select(e => e.Path).Order(StringComparer.Ordinal), entries.Select(e => e.Path));
    }

    [Fact]
    public void Read_SingleMp3File_IsAOneEntryPlaylist()
    {
        var entry = Assert.Single(PlaylistReader.Read(DemoFiles.Cbr44Stereo));
        Assert.Equal(DemoFiles.Cbr44Stereo, entry.Path);
    }

    [Fact]
    public void Read_MissingPlaylist_Throws() =>
        Assert.Throws<FileNotFoundException>(() => PlaylistReader.Read("/nonexistent/list.m3u"));

    [Fact]
    public void TagReader_DemoFiles_ReadNonAsciiTagsAndFallBackToFileName()
    {
        var tagged = TagReader.Read(DemoFiles.Cbr44Stereo);
        Assert.Equal("Adébáyọ̀ Ọlá - Ọjọ́ Ayọ̀", tagged.DisplayTitle);
        var untagged = TagReader.Read(Path.Combine(DemoFiles.Playlists, "music", "Lagoon Trio - Harmattan Breeze.mp3"));
        Assert.Equal("Lagoon Trio - Harmattan Breeze", untagged.DisplayTitle);
    }
}

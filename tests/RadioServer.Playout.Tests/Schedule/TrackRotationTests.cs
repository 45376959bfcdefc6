using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

public class TrackRotationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static PlaylistDefinition Playlist(RotationMode mode, int titleMinutes = 0, int artistMinutes = 0) =>
        new("p", "/lib/p", mode, TimeSpan.FromMinutes(titleMinutes), TimeSpan.FromMinutes(artistMinutes));

    [Fact]
    public void Next_Shuffle_EachRoundIsAPermutationAndLastNeverFirstOfNext()
    {
        var tracks = SyntheticLibrary.Tracks("s", 5, 5);
        var rotation = new TrackRotation(Playlist(RotationMode.Shuffle), tracks, new Random(1));
        var history = new PlayHistory(TimeSpan.Zero);
        var rounds = new List<List<string>>();
        for (int r = 0; r < 400; r++)
        {
            rounds.Add(Enumerable.Range(0, 5).Select(i => rotation.Next(T0.AddMinutes((r * 5) + i), history)!.Track.Path).ToList());
        }

        Assert.All(rounds, round => Assert.Equal(tracks.Select(t => t.Path).Order(), round.Order()));
        for (int r = 1; r < rounds.Count; r++)
        {
            Assert.NotEqual(rounds[r - 1][^1], rounds[r][0]);
        }

        Assert.True(rounds.Select(r => string.Join(',', r)).Distinct().Count() > 50, "rounds should differ");
    }

    [Fact]
    public void Next_Sequential_PlaysInFileOrderAndWraps()
    {
        var tracks = SyntheticLibrary.Tracks("q", 3, 3);
        var rotation = new TrackRotation(Playlist(RotationMode.Sequential), tracks, new Random(1));
        var history = new PlayHistory(TimeSpan.Zero);

        var picked = Enumerable.Range(0, 7).Select(i => rotation.Next(T0.AddMinutes(i), history)!.Track.Title).ToList();

        Assert.Equal(["q song 0", "q song 1", "q song 2", "q song 0", "q song 1", "q song 2", "q song 0"], picked);
    }

    [Fact]
    public void Next_Random_NeverTheSameTrackTwiceInARow()
    {
        var rotation = new TrackRotation(Playlist(RotationMode.Random), SyntheticLibrary.Tracks("r", 3, 3), new Random(7));
        var history = new PlayHistory(TimeSpan.Zero);

        var picked = Enumerable.Range(0, 300).Select(i => rotation.Next(T0.AddMinutes(i), history)!.Track.Path).ToList();

        Assert.All(picked.Zip(picked.Skip(1)), p => Assert.NotEqual(p.First, p.Second));
        Assert.Equal(3, picked.Distinct().Count());
    }

    [Fact]
    public void Next_ArtistWindow_SkipsArtistsHeardRecentlyIncludingFeaturedOnes()
    {
        var tracks = new List<RadioServer.Playout.Library.TrackInfo>
        {
            new("/a.mp3", "Wizkid", "A", null),
            new("/b.mp3", "Tems feat. Wizkid", "B", null),
            new("/c.mp3", "Asake", "C", null),
        };
        var rotation = new TrackRotation(Playlist(RotationMode.Sequential, artistMinutes: 10), tracks, new Random(1));
        var history = new PlayHistory(TimeSpan.FromMinutes(10));

        var first = rotation.Next(T0, history)!;
        history.Add(T0, first.Track.Title, first.Track.Artist);
        var second = rotation.Next(T0.AddMinutes(3), history)!;

        Assert.Equal("A", first.Track.Title);
        Assert.Equal("C", second.Track.Title); // B features Wizkid, heard 3 minutes ago
        Assert.Null(second.Relaxed);
    }

    [Fact]
    public void Next_LibraryTooSmallForWindow_RelaxesAndSaysSo()
    {
        var tracks = SyntheticLibrary.Tracks("x", 2, 1); // one artist only
        var rotation = new TrackRotation(Playlist(RotationMode.Shuffle, titleMinutes: 60, artistMinutes: 60), tracks, new Random(1));
        var history = new PlayHistory(TimeSpan.FromMinutes(60));

        var first = rotation.Next(T0, history)!;
        history.Add(T0, first.Track.Title, first.Track.Artist);
        var second = rotation.Next(T0.AddMinutes(4), history)!;
        history.Add(T0.AddMinutes(4), second.Track.Title, second.Track.Artist);
        var third = rotation.Next(T0.AddMinutes(8), history)!;

        Assert.NotEqual(first.Track.Title, second.Track.Title); // title window still held
        Assert.Equal("artist window 60 min", second.Relaxed);
        Assert.Contains("title window", third.Relaxed, StringComparison.Ordinal);
    }
}

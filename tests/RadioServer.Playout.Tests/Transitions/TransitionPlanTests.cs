using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Transitions;

public class TransitionPlanTests
{
    private static readonly TransitionSettings Station = TransitionSettings.StationDefaults;

    private static TransitionSettings Resolve(TransitionSettings layer) => layer.Over(Station);

    [Fact]
    public void Between_TwoSongs_CrossfadeForTheShorterOfTheirLengths()
    {
        var a = Resolve(new(Crossfade: TimeSpan.FromSeconds(4)));
        var b = Resolve(new(Crossfade: TimeSpan.FromSeconds(3), Curve: FadeCurve.Linear));
        var plan = TransitionPlan.Between(a, b);
        Assert.Equal(TimeSpan.FromSeconds(3), plan.Overlap);
        Assert.Equal(FadeCurve.Linear, plan.InCurve);
        Assert.Equal("3.0 s linear crossfade", plan.ToString());
    }

    [Theory]
    [InlineData(ItemRole.News)]
    [InlineData(ItemRole.Ad)]
    [InlineData(ItemRole.Id)]
    public void Between_SongThenBreak_NeverOverlappedAndTheSongFadesOut(ItemRole role)
    {
        var song = Resolve(TransitionSettings.Inherit);
        var brk = Resolve(new(Role: role, BreakFade: TimeSpan.FromSeconds(2)));
        var plan = TransitionPlan.Between(song, brk);
        Assert.Equal(TimeSpan.Zero, plan.Overlap);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.FadeOut);
        Assert.Equal(TimeSpan.Zero, plan.FadeIn);
        Assert.Equal("2.0 s equal-power fade-out, then a clean start", plan.ToString());
    }

    [Fact]
    public void Between_BreakThenSong_NoOverlapAndTheSongsOwnFadeIn()
    {
        var news = Resolve(new(Role: ItemRole.News));
        var song = Resolve(new(FadeIn: TimeSpan.FromSeconds(0.5)));
        var plan = TransitionPlan.Between(news, song);
        Assert.Equal(TimeSpan.Zero, plan.Overlap);
        Assert.Equal(TimeSpan.Zero, plan.FadeOut);
        Assert.Equal(TimeSpan.FromSeconds(0.5), plan.FadeIn);
    }

    [Fact]
    public void Between_ItemWithZeroCrossfade_GaplessWithItsNeighbour()
    {
        var plan = TransitionPlan.Between(Resolve(TransitionSettings.Inherit), Resolve(new(Crossfade: TimeSpan.Zero)));
        Assert.Equal(TimeSpan.Zero, plan.Overlap);
        Assert.Equal(TimeSpan.Zero, plan.FadeOut);
        Assert.Equal("a clean start", plan.ToString());
    }

    [Fact]
    public void Over_ItemOverPlaylistOverStation_EachFieldFromTheNearestLayer()
    {
        var playlist = new TransitionSettings(Role: ItemRole.Ad, Crossfade: TimeSpan.FromSeconds(5));
        var item = new TransitionSettings(FadeIn: TimeSpan.FromSeconds(1));
        var resolved = item.Over(playlist).Over(Station);
        Assert.Equal(new TransitionSettings(ItemRole.Ad, TimeSpan.FromSeconds(5), FadeCurve.EqualPower, TimeSpan.FromSeconds(1), TimeSpan.Zero,
            TimeSpan.FromSeconds(1.5)), resolved);
    }
}

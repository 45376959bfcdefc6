using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

public class ArtistNamesTests
{
    [Theory]
    [InlineData("Burna Boy feat. Ed Sheeran", "burna boy|ed sheeran")]
    [InlineData("Wizkid ft. Tems", "wizkid|tems")]
    [InlineData("Wizkid Ft Tems", "wizkid|tems")]
    [InlineData("P-Square & Akon", "p-square|akon")]
    [InlineData("Davido, Chris Brown/Young Thug", "davido|chris brown|young thug")]
    [InlineData("DJ A vs. DJ B", "dj a|dj b")]
    [InlineData("Simi", "simi")]
    [InlineData("  ", "")]
    public void Split_Credits_GivesEachArtistLowerCase(string credit, string expected)
    {
        Assert.Equal(expected, string.Join('|', ArtistNames.Split(credit)));
    }
}

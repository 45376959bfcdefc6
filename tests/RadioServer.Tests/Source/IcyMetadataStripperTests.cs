using System.Text;
using RadioServer.Source;

namespace RadioServer.Tests.Source;

[Trait("Layer", "Unit")]
public class IcyMetadataStripperTests
{
    [Fact]
    public void Strip_SourceStreamWithMetadata_ReturnsAudioAndTitles()
    {
        var titles = new List<string>();
        byte[] title = [2, .. Encoding.UTF8.GetBytes("StreamTitle='Ọlá';").Concat(new byte[32]).Take(32)];
        byte[] wire = [1, 2, 3, 4, .. title, 5, 6, 7, 8, 0, 9];
        for (int split = 1; split < wire.Length; split++)
        {
            titles.Clear();
            var s = new IcyMetadataStripper(4, titles.Add);
            var audio = new byte[64];
            int n = s.Strip(wire.AsSpan(0, split), audio);
            n += s.Strip(wire.AsSpan(split), audio.AsSpan(n));
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, audio[..n]);
            Assert.Equal(["Ọlá"], titles);
        }
    }

    [Fact]
    public void Strip_BlockThatIsNotMetadata_Throws() =>
        Assert.Throws<InvalidDataException>(() => new IcyMetadataStripper(1, _ => { }).Strip([0, 1, .. new byte[16]], new byte[32]));
}

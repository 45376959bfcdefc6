using System.Text;
using RadioServer.Source;

namespace RadioServer.Tests.Source;

[Trait("Layer", "Unit")]
public class ChunkedDecoderTests
{
    [Fact]
    public void Decode_SplitAnywhere_YieldsThePayload()
    {
        byte[] wire = Encoding.ASCII.GetBytes("5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n");
        for (int split = 1; split < wire.Length; split++)
        {
            var decoder = new ChunkedDecoder();
            var output = new byte[64];
            int n = decoder.Decode(wire.AsSpan(0, split), output);
            n += decoder.Decode(wire.AsSpan(split), output.AsSpan(n));
            Assert.Equal("helloabcdefghijklmnopqrstuvwxyz", Encoding.ASCII.GetString(output, 0, n));
            Assert.True(decoder.Finished);
        }
    }

    [Fact]
    public void Decode_BadSize_Throws() =>
        Assert.Throws<InvalidDataException>(() => new ChunkedDecoder().Decode("zz\r\n"u8, new byte[8]));
}

using System.Text;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Tests.Icy;

public class IcyInterleaverTests
{
    [Fact]
    public void EncodeBlock_ShortTitle_MatchesIcecastBytes()
    {
        byte[] block = StreamTitle.EncodeBlock("Song", Encoding.UTF8);
        // "StreamTitle='Song';" is 19 bytes → 2 blocks of 16, NUL-padded (as icecast2 sends it).
        byte[] expected = [2, .. "StreamTitle='Song';"u8, .. new byte[13]];
        Assert.Equal(expected, block);
    }

    [Fact]
    public void EncodeBlock_UnicodeAndQuotes_AreUtf8AndUnescaped()
    {
        var title = new StreamTitle("Adébáyọ̀ Ọlá - Don't Stop; Go");
        string text = Encoding.UTF8.GetString(title.IcyBlock.Span[1..]).TrimEnd('\0');
        Assert.Equal("StreamTitle='Adébáyọ̀ Ọlá - Don't Stop; Go';", text);
    }

    [Fact]
    public void EncodeBlock_TooLong_IsCutAtCharacterBoundaryWithin4080Bytes()
    {
        string longTitle = string.Concat(Enumerable.Repeat("ọ́", 3000)); // 5 UTF-8 bytes per pair of code points
        var block = new StreamTitle(longTitle).IcyBlock.Span;
        Assert.Equal(255, block[0]);
        Assert.Equal(1 + 4080, block.Length);
        string text = Encoding.UTF8.GetString(block[1..]).TrimEnd('\0');
        Assert.EndsWith("';", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public void StreamTitle_ControlCharacters_AreRemoved() =>
        Assert.Equal("A  B C", new StreamTitle("A\r\nB\tC\u0001").Text);

    [Fact]
    public void Write_AcrossChunks_InsertsBlockEveryMetaintAndFullTitleOnlyOnChange()
    {
        var icy = new IcyInterleaver(10);
        var output = new CountingOutput(keep: true);
        var a = new StreamTitle("A");
        var b = new StreamTitle("B");
        icy.Write(output, Enumerable.Repeat((byte)1, 15).ToArray(), a); // meta after 10
        icy.Write(output, Enumerable.Repeat((byte)2, 10).ToArray(), a); // meta after 5 more: unchanged
        icy.Write(output, Enumerable.Repeat((byte)3, 10).ToArray(), b); // meta after 5 more: B
        byte[] expected =
        [
            .. Enumerable.Repeat((byte)1, 10), .. a.IcyBlock.Span,
            .. Enumerable.Repeat((byte)1, 5), .. Enumerable.Repeat((byte)2, 5), 0,
            .. Enumerable.Repeat((byte)2, 5), .. Enumerable.Repeat((byte)3, 5), .. b.IcyBlock.Span,
            .. Enumerable.Repeat((byte)3, 5),
        ];
        Assert.Equal(expected, output.Bytes);
    }

    [Fact]
    public void Write_Latin1Mount_SendsIso88591Bytes()
    {
        var icy = new IcyInterleaver(4, latin1: true);
        var output = new CountingOutput(keep: true);
        icy.Write(output, new byte[4], new StreamTitle("Café"));
        byte[] block = output.Bytes[4..];
        Assert.Equal("StreamTitle='Caf\u00e9';", Encoding.Latin1.GetString(block[1..]).TrimEnd('\0'));
        Assert.Contains((byte)0xE9, block);
    }
}

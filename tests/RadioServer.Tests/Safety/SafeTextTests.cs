using RadioServer.Safety;
using RadioServer.Streaming.Icy;

namespace RadioServer.Tests.Safety;

[Trait("Layer", "Unit")]
public class SafeTextTests
{
    [Theory]
    [InlineData("Winamp/5.9", "Winamp/5.9")]
    [InlineData("a\u0001b", "a\\x01b")]
    [InlineData("\u001b[31mred", "\\x1B[31mred")]
    [InlineData("line\r\nInjected: 1", "line\\x0D\\x0AInjected: 1")]
    [InlineData("back\\slash", "back\\slash")]
    [InlineData("a\\x01b", "a\\x01b")] // escaping twice changes nothing
    [InlineData("Ọ̀yọ́ 🎵", "Ọ̀yọ́ 🎵")]
    public void Escape_ClientText_HasNoControlCharacters(string input, string expected) => Assert.Equal(expected, SafeText.Escape(input));

    [Fact]
    public void Escape_HugeHeader_IsCut() => Assert.True(SafeText.Escape(new string('a', 100_000))!.Length <= SafeText.MaxLength + 1);

    [Theory]
    [InlineData("x';StreamUrl='http://evil/';")]
    [InlineData("x' ; StreamUrl='http://evil/'  ;")]
    public void EncodeBlock_TitleWithFieldEnd_StaysOneField(string title)
    {
        byte[] block = StreamTitle.EncodeBlock(title, System.Text.Encoding.UTF8);
        string text = System.Text.Encoding.UTF8.GetString(block, 1, block.Length - 1).TrimEnd('\0');
        Assert.StartsWith("StreamTitle='", text, StringComparison.Ordinal);
        Assert.Equal(text.Length - 2, text.IndexOf("';", StringComparison.Ordinal)); // the only field end is the last
        Assert.DoesNotMatch(@"'\s*;.", text);
    }
}

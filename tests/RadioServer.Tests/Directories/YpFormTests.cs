using System.Net;
using RadioServer.Directories;

namespace RadioServer.Tests.Directories;

[Trait("Layer", "Unit")]
public sealed class YpFormTests
{
    private static readonly YpStream Stream = new("234Radio", "Afrobeats, Highlife", "Africa's premium internet radio", "https://234radio.example/",
        "http://radio.example:8000/stream.mp3", "audio/mpeg", "MP3", 128, "channels=2;samplerate=44100;bitrate=128");

    [Fact]
    public void Add_Stream_HasIcecastFieldsInOrderWithAudioInfoLast()
    {
        Assert.Equal(
            "action=add&sn=234Radio&genre=Afrobeats%2C%20Highlife&cpswd=&desc=Africa%27s%20premium%20internet%20radio" +
            "&url=https%3A%2F%2F234radio.example%2F&listenurl=http%3A%2F%2Fradio.example%3A8000%2Fstream.mp3&type=audio%2Fmpeg&stype=MP3&b=128" +
            "&channels%3D2%3Bsamplerate%3D44100%3Bbitrate%3D128\r\n",
            YpForm.Add(Stream));
    }

    [Fact]
    public void Add_Decoded_GivesEveryFieldBack()
    {
        var fields = Decode(YpForm.Add(Stream with { Name = "Rádio Ọ̀yọ́ & Co", Description = "a=b; c+d" }));
        Assert.Equal("add", fields["action"]);
        Assert.Equal("Rádio Ọ̀yọ́ & Co", fields["sn"]);
        Assert.Equal("a=b; c+d", fields["desc"]);
        Assert.Equal("http://radio.example:8000/stream.mp3", fields["listenurl"]);
        Assert.Equal("128", fields["b"]);
        Assert.Equal("", fields["cpswd"]);
        Assert.Contains("channels=2;samplerate=44100;bitrate=128\r\n", fields.Keys);
    }

    [Fact]
    public void Touch_TitleAndCounts_AreEncoded()
    {
        string body = YpForm.Touch("abc.123", "Burna Boy - Ye", 7, 1000, "MP3");
        Assert.Equal("action=touch&sid=abc.123&st=Burna%20Boy%20-%20Ye&listeners=7&max_listeners=1000&stype=MP3\r\n", body);
        var fields = Decode(body);
        Assert.Equal("Burna Boy - Ye", fields["st"]);
        Assert.Equal("MP3\r\n", fields["stype"]); // the CRLF the reference directory strips from the last field
    }

    [Fact]
    public void Remove_Sid_IsTheOnlyField() => Assert.Equal("action=remove&sid=1041755216.363775", YpForm.Remove("1041755216.363775"));

    [Fact]
    public void Parse_AddAccepted_ReadsSidAndTouchFreq()
    {
        using var response = Answer(HttpStatusCode.OK, ("YPResponse", "1"), ("YPMessage", "Successfully added"), ("SID", "42-abc"), ("TouchFreq", "200"));
        var answer = YpAnswer.Parse(200, response.Headers);
        Assert.Equal(new YpAnswer(true, "Successfully added", "42-abc", 200), answer);
    }

    [Fact]
    public void Parse_Refused_KeepsTheMessageAndNoSid()
    {
        using var response = Answer(HttpStatusCode.OK, ("YPResponse", "0"), ("YPMessage", "Default stream name detected"), ("SID", "-1"));
        var answer = YpAnswer.Parse(200, response.Headers);
        Assert.False(answer.Ok);
        Assert.Equal("Default stream name detected", answer.Message);
        Assert.Null(answer.Sid);
        Assert.Null(answer.TouchFreq);
    }

    [Fact]
    public void Parse_HttpErrorWithoutYpHeaders_IsARefusalSayingSo()
    {
        using var response = Answer(HttpStatusCode.BadGateway);
        var answer = YpAnswer.Parse(502, response.Headers);
        Assert.False(answer.Ok);
        Assert.Equal("no YPResponse header (HTTP 502)", answer.Message);
    }

    [Fact]
    public void Parse_HeaderNamesInAnyCase_AreRead()
    {
        using var response = Answer(HttpStatusCode.OK, ("ypresponse", "1"), ("sid", "x"), ("touchfreq", "abc"));
        var answer = YpAnswer.Parse(200, response.Headers);
        Assert.True(answer.Ok);
        Assert.Equal("x", answer.Sid);
        Assert.Null(answer.TouchFreq); // not a number: the configured interval stays
    }

    [Theory]
    [InlineData("", "radio.example", "http://127.0.0.1:45678", "http://radio.example:45678")]
    [InlineData("", "radio.example", "http://0.0.0.0:80", "http://radio.example")]
    [InlineData("", "radio.example", "http://[::]:8000", "http://radio.example:8000")]
    [InlineData("", "radio.example", "https://+:8443", "https://radio.example:8443")]
    [InlineData("https://listen.example/", "radio.example", "http://0.0.0.0:8000", "https://listen.example")]
    public void ListenBase_FromConfigOrBinding(string publicUrl, string hostname, string bound, string expected) =>
        Assert.Equal(expected, DirectoryService.ListenBase(publicUrl, hostname, [bound], "http://0.0.0.0:8000"));

    [Fact]
    public void ListenBase_PlainHttpPreferredOverHttps() =>
        Assert.Equal("http://r.example:8000", DirectoryService.ListenBase("", "r.example", ["https://0.0.0.0:8443", "http://0.0.0.0:8000"], ""));

    /// <summary>A form decoder as a directory has one: split on <c>&amp;</c>, then on the first <c>=</c>; a part without one is a bare name.</summary>
    internal static Dictionary<string, string> Decode(string body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in body.Split('&'))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            fields[name] = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
        }

        return fields;
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

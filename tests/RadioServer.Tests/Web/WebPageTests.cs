using System.Net;
using System.Text.RegularExpressions;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Web;

/// <summary>The station page's files as served (the browser test plays it for real).</summary>
[Trait("Layer", "Server")]
public partial class WebPageTests
{
    [GeneratedRegex("""(?:href|src)\s*=\s*["']([^"']*)["']""")]
    private static partial Regex UrlAttribute();

    [GeneratedRegex("""(?:EventSource|fetch)\(\s*'([^']*)'""")]
    private static partial Regex ScriptUrl();

    [Fact]
    public async Task Get_Root_ServesPageWithEscapedNameAndOnlyRelativeUrls()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "A", "A");
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:description=Rock <&> Roll");
        using var http = new HttpClient();
        var response = await http.GetAsync(host.BaseUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Test Radio Ọ̀yọ́</title>", html, StringComparison.Ordinal);
        Assert.Contains("Rock &lt;&amp;&gt; Roll", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Play\"", html, StringComparison.Ordinal);
        Assert.Contains("<label class=\"saver\" for=\"saver\">", html, StringComparison.Ordinal);

        string js = await http.GetStringAsync(new Uri(host.BaseUri, "/app.js"));
        var urls = UrlAttribute().Matches(html).Select(m => m.Groups[1].Value).Concat(ScriptUrl().Matches(js).Select(m => m.Groups[1].Value)).ToList();
        Assert.Contains("api/nowplaying/events", urls);
        Assert.All(urls, u => Assert.False(u.StartsWith('/') || u.Contains("://", StringComparison.Ordinal), $"'{u}' is not relative: breaks under a sub-path"));
        Assert.Contains("text/css", (await http.GetAsync(new Uri(host.BaseUri, "/style.css"))).Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RootWithItsETag_AnswersNotModified()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "A", "A");
        await using var host = await StationHost.StartAsync(dir, "a.mp3");
        using var http = new HttpClient();
        var first = await http.GetAsync(new Uri(host.BaseUri, "/app.js"));
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/app.js"));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using RadioServer.Playout.Audio;

namespace RadioServer.Tests.Podcasts;

/// <summary>
/// What podcast apps need of a feed, checked on the wire: RSS 2.0's required elements, the iTunes and Podcasting 2.0
/// tags, and every enclosure served with byte ranges at its stated length and duration.
/// </summary>
internal static class FeedCheck
{
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";

    /// <summary>One episode as the feed gives it.</summary>
    public sealed record Episode(string Title, string Guid, DateTimeOffset Published, Uri Url, long Length, int Duration, string Author, byte[] File);

    /// <summary>Fetches and checks the feed at <paramref name="feed"/> and each of its enclosures; returns the episodes in feed order.</summary>
    public static async Task<List<Episode>> ValidateAsync(HttpClient http, Uri feed)
    {
        using var response = await http.GetAsync(feed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());

        var rss = doc.Root!;
        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", (string?)rss.Attribute("version"));
        var channel = Assert.Single(rss.Elements("channel"));
        foreach (string required in new[] { "title", "link", "description" })
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)channel.Element(required)), $"channel {required}");
        }

        Assert.True(Uri.TryCreate((string?)channel.Element("link"), UriKind.Absolute, out _));
        Assert.False(string.IsNullOrWhiteSpace((string?)channel.Element(Itunes + "author")));
        Assert.NotNull(channel.Element(Itunes + "category")?.Attribute("text"));
        Assert.Contains((string?)channel.Element(Itunes + "explicit"), new[] { "true", "false" });
        Assert.True(Guid.TryParse((string?)channel.Element(Podcast + "guid"), out _), "podcast:guid");

        var episodes = new List<Episode>();
        foreach (var item in channel.Elements("item"))
        {
            string title = (string?)item.Element("title") ?? "";
            Assert.False(string.IsNullOrWhiteSpace(title));
            string guid = (string?)item.Element("guid") ?? "";
            Assert.False(string.IsNullOrWhiteSpace(guid));
            var enclosure = item.Element("enclosure")!;
            Assert.Equal("audio/mpeg", (string?)enclosure.Attribute("type"));
            var url = new Uri((string)enclosure.Attribute("url")!);
            long length = long.Parse((string)enclosure.Attribute("length")!, CultureInfo.InvariantCulture);
            int duration = int.Parse((string)item.Element(Itunes + "duration")!, CultureInfo.InvariantCulture);
            string author = (string?)item.Element(Itunes + "author") ?? "";
            Assert.False(string.IsNullOrWhiteSpace(author));

            byte[] file = await CheckEnclosureAsync(http, url, length);
            var probe = Mp3Probe.Probe(new MemoryStream(file));
            Assert.True(probe.IsPlayable, probe.Error);
            Assert.InRange(Math.Abs(probe.Duration.TotalSeconds - duration), 0, 0.5 + 0.01); // whole seconds, rounded
            episodes.Add(new Episode(title, guid, ParseRfc822((string)item.Element("pubDate")!), url, length, duration, author, file));
        }

        Assert.Equal(episodes.Count, episodes.Select(e => e.Guid).Distinct().Count());
        return episodes;
    }

    /// <summary>A range from the middle answers 206 with the right Content-Range; the whole file is as long as the feed says.</summary>
    private static async Task<byte[]> CheckEnclosureAsync(HttpClient http, Uri url, long length)
    {
        byte[] whole = await http.GetByteArrayAsync(url);
        Assert.Equal(length, whole.Length);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        long from = length / 3, to = from + 999;
        request.Headers.Range = new RangeHeaderValue(from, to);
        using var partial = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes {from}-{to}/{length}", partial.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(whole.AsSpan((int)from, 1000).ToArray(), await partial.Content.ReadAsByteArrayAsync());
        return whole;
    }

    /// <summary><c>Sun, 06 Dec 2026 09:00:00 +0100</c>.</summary>
    private static DateTimeOffset ParseRfc822(string text)
    {
        int space = text.LastIndexOf(' ');
        var local = DateTime.ParseExact(text[..space], "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        string zone = text[(space + 1)..];
        var offset = new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[3..5], CultureInfo.InvariantCulture), 0);
        return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
    }
}

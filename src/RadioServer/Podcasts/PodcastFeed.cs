using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using RadioServer.Configuration;
using RadioServer.Recordings;

namespace RadioServer.Podcasts;

/// <summary>
/// Writes one feed as RSS 2.0 with the tags podcast apps read: the iTunes namespace (author, image, category, explicit,
/// type; per episode author, duration, episode type) and Podcasting 2.0's (<c>podcast:guid</c>, <c>podcast:person</c>).
/// Each episode is a recording: its enclosure the MP3 with its real size, its duration measured on the file.
/// </summary>
public static class PodcastFeed
{
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Podcasting 2.0's namespace for <c>podcast:guid</c>, a UUIDv5 of the feed's URL without its scheme.</summary>
    private static readonly Guid GuidNamespace = new("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

    /// <param name="baseUrl">The station's absolute base URL (scheme, host, path base), without a trailing slash.</param>
    public static XDocument Build(StationOptions station, PodcastFeedOptions feed, IReadOnlyList<RecordingInfo> episodes, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(episodes);
        var podcasts = station.Podcasts;
        string author = podcasts.Author.Length > 0 ? podcasts.Author : station.Name;
        string feedUrl = $"{baseUrl}/podcasts/{feed.Name}.xml";
        string image = feed.Image.Length > 0 ? feed.Image : podcasts.Image;
        string description = feed.Description.Length > 0 ? feed.Description : $"{feed.Title}, as it aired on {station.Name}.";
        var channel = new XElement("channel",
            new XElement("title", feed.Title),
            new XElement("link", baseUrl + "/"),
            new XElement("description", description),
            new XElement("language", podcasts.Language),
            new XElement("generator", "RadioServer"),
            new XElement(Atom + "link", new XAttribute("href", feedUrl), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
            new XElement(Itunes + "author", author),
            new XElement(Itunes + "summary", description),
            new XElement(Itunes + "owner", new XElement(Itunes + "name", author), new XElement(Itunes + "email", station.AdminContact)),
            image.Length > 0 ? new XElement(Itunes + "image", new XAttribute("href", image)) : null,
            new XElement(Itunes + "category", new XAttribute("text", feed.Category.Length > 0 ? feed.Category : podcasts.Category)),
            new XElement(Itunes + "explicit", "false"),
            new XElement(Itunes + "type", "episodic"),
            new XElement(Podcast + "guid", FeedGuid(feedUrl)),
            new XElement(Podcast + "medium", "podcast"));
        if (episodes.Count > 0)
        {
            channel.Add(new XElement("lastBuildDate", Rfc822(episodes.Max(e => e.StartedLocal))));
        }

        foreach (var e in episodes)
        {
            channel.Add(Item(station, e, baseUrl));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("rss", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "itunes", Itunes),
                new XAttribute(XNamespace.Xmlns + "podcast", Podcast), new XAttribute(XNamespace.Xmlns + "atom", Atom), channel));
    }

    private static XElement Item(StationOptions station, RecordingInfo e, string baseUrl)
    {
        string how = e.Kind == RecordingKind.Live ? "broadcast live" : "aired";
        string by = e.Presenter.Length > 0 ? $" with {e.Presenter}" : "";
        string description = string.Create(CultureInfo.InvariantCulture,
            $"{e.Show}{by}, {how} on {station.Name} on {e.StartedLocal:dddd d MMMM yyyy 'at' HH:mm} ({station.TimeZone} time).");
        return new XElement("item",
            new XElement("title", PodcastEpisodes.Title(e)),
            new XElement("description", description),
            new XElement("pubDate", Rfc822(e.StartedLocal)),
            new XElement("guid", new XAttribute("isPermaLink", "false"), e.Id.ToString()),
            new XElement("enclosure", new XAttribute("url", $"{baseUrl}/{PodcastEpisodes.FilePath(e)}"),
                new XAttribute("length", e.Bytes.ToString(CultureInfo.InvariantCulture)), new XAttribute("type", "audio/mpeg")),
            new XElement(Itunes + "author", e.Presenter.Length > 0 ? e.Presenter : station.Name),
            new XElement(Itunes + "duration", ((long)Math.Round(e.DurationSeconds)).ToString(CultureInfo.InvariantCulture)),
            new XElement(Itunes + "episodeType", "full"),
            new XElement(Itunes + "explicit", "false"),
            e.Kind != RecordingKind.Item && e.Presenter.Length > 0 ? new XElement(Podcast + "person", new XAttribute("role", "host"), e.Presenter) : null);
    }

    /// <summary>RFC 822 date-time as RSS 2.0 wants it, in the station's zone: <c>Sun, 06 Dec 2026 09:00:00 +0100</c>.</summary>
    public static string Rfc822(DateTimeOffset t)
    {
        var offset = t.Offset;
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{t:ddd, dd MMM yyyy HH:mm:ss} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    /// <summary>Podcasting 2.0's feed GUID: UUIDv5 (RFC 4122) of the feed URL without its scheme and trailing slashes.</summary>
    public static Guid FeedGuid(string feedUrl)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        string name = feedUrl.Contains("://", StringComparison.Ordinal) ? feedUrl[(feedUrl.IndexOf("://", StringComparison.Ordinal) + 3)..] : feedUrl;
        byte[] input = [.. GuidNamespace.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(name.TrimEnd('/'))];
#pragma warning disable CA5350 // UUIDv5 is defined on SHA-1; this is an identifier, not security
        byte[] hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
